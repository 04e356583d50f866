package org.auditedrecords.audit.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.auditedrecords.host.contract.PackagedApp;
import org.auditedrecords.host.contract.PackagedApp.DeployedFunction;
import org.junit.jupiter.api.Test;

/**
 * Reads the function.json files {@code azure-functions-maven-plugin} generated in the package phase and checks them
 * against SYSTEM.md §4: what is deployed is what was specified.
 */
class FunctionJsonContractIT {
    private static final Path APP = Path.of("target", "azure-functions", "audit-api");

    @Test
    void package_generatesOneFunctionJsonPerFunction_matchingTheContract() {
        assertThat(PackagedApp.functions(APP)).isEqualTo(Map.of(
                "CreateAuditRecord", new DeployedFunction("auditrecord", List.of("POST"), "FUNCTION"),
                "LoadAuditRecord", new DeployedFunction("auditrecord/{id}", List.of("GET"), "FUNCTION"),
                "ProveAuditRecord", new DeployedFunction("auditrecord/{id}/proof", List.of("GET"), "FUNCTION"),
                "QueryAuditRecords", new DeployedFunction("auditrecords", List.of("GET"), "FUNCTION"),
                "ListAuditCheckpoints", new DeployedFunction("auditrecords/checkpoints", List.of("GET"), "FUNCTION"),
                "ProveAuditLogConsistency", new DeployedFunction("auditrecords/consistency", List.of("GET"), "FUNCTION"),
                "ListAuditKeys", new DeployedFunction("auditrecords/keys", List.of("GET"), "FUNCTION"),
                "VerifyAuditRegister", new DeployedFunction("auditrecords/verify", List.of("GET"), "FUNCTION"),
                "VerifyAuditRegisterFull", new DeployedFunction("auditrecords/verify/full", List.of("GET"), "FUNCTION"),
                "AccountDisclosures", new DeployedFunction("disclosures", List.of("GET"), "FUNCTION")));
        assertThat(PackagedApp.timers(APP)).isEqualTo(Map.of("VerifyAuditRegisterOnSchedule", "%AUDIT_FULL_VERIFICATION_SCHEDULE%"));
        assertThat(PackagedApp.samplingExemptTypes(APP.resolve("host.json"))).contains("Request", "Exception");
        assertThat(APP.resolve("lib")).isDirectory();
    }

    @Test
    void package_localSettingsTemplate_namesSecretsButHoldsNone() {
        assertThat(PackagedApp.secretLookingSettings(Path.of("local.settings.json"))).isEmpty();
        assertThat(PackagedApp.secretLookingSettings(APP.resolve("local.settings.json"))).isEmpty();
    }
}
