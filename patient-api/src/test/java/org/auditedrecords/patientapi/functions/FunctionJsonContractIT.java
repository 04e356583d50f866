package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.auditedrecords.host.contract.PackagedApp;
import org.auditedrecords.host.contract.PackagedApp.DeployedFunction;
import org.junit.jupiter.api.Test;

/**
 * Reads the function.json files {@code azure-functions-maven-plugin} generated in the package phase and checks them
 * against SYSTEM.md §3: what is deployed is what was specified.
 */
class FunctionJsonContractIT {
    private static final Path APP = Path.of("target", "azure-functions", "patient-api");

    @Test
    void package_generatesOneFunctionJsonPerFunction_matchingTheContractAndTheRelayTimer() {
        assertThat(PackagedApp.functions(APP)).isEqualTo(Map.of(
                "CreatePatient", new DeployedFunction("patient", List.of("POST"), "FUNCTION"),
                "LoadPatient", new DeployedFunction("patient/{patientId}", List.of("GET"), "FUNCTION"),
                "UpdatePatient", new DeployedFunction("patient/{patientId}", List.of("PUT"), "FUNCTION"),
                "SearchPatient", new DeployedFunction("patient/search", List.of("POST"), "FUNCTION"),
                "CreateTest", new DeployedFunction("patient/{patientId}/tests", List.of("POST"), "FUNCTION"),
                "LoadTests", new DeployedFunction("patient/{patientId}/tests", List.of("GET"), "FUNCTION"),
                "LoadTest", new DeployedFunction("patient/{patientId}/tests/{testId}", List.of("GET"), "FUNCTION"),
                "UpdateTest", new DeployedFunction("patient/{patientId}/tests/{testId}", List.of("PUT"), "FUNCTION")));
        assertThat(PackagedApp.timers(APP)).isEqualTo(Map.of("RelayEvents", "*/5 * * * * *"));
        assertThat(PackagedApp.samplingExemptTypes(APP.resolve("host.json"))).contains("Request", "Exception");
        assertThat(APP.resolve("lib")).isDirectory();
    }

    @Test
    void package_localSettingsTemplate_namesSecretsButHoldsNone() {
        assertThat(PackagedApp.secretLookingSettings(Path.of("local.settings.json"))).isEmpty();
        assertThat(PackagedApp.secretLookingSettings(APP.resolve("local.settings.json"))).isEmpty();
    }
}
