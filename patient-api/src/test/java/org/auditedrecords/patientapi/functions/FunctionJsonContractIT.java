package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads the function.json files that {@code azure-functions-maven-plugin} generated in the package phase and
 * checks them against the contract (SYSTEM.md §3): what is deployed is what was specified.
 */
class FunctionJsonContractIT {
    private static final Path APP = Path.of("target", "azure-functions", "patient-api");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Binding(String route, List<String> methods, String authLevel) {
    }

    @Test
    void package_generatesOneFunctionJsonPerFunction_matchingTheContract() throws IOException {
        Map<String, Binding> deployed = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(APP)) {
            for (Path json : dirs.map(d -> d.resolve("function.json")).filter(Files::exists).toList()) {
                JsonNode bindings = JSON.readTree(json.toFile()).get("bindings");
                JsonNode trigger = bindings.get(0);
                assertThat(trigger.get("type").asText()).isEqualTo("httpTrigger");
                assertThat(bindings.get(1).get("type").asText()).isEqualTo("http");
                deployed.put(json.getParent().getFileName().toString(), new Binding(trigger.get("route").asText(),
                        JSON.convertValue(trigger.get("methods"), List.class), trigger.get("authLevel").asText()));
            }
        }

        assertThat(deployed).isEqualTo(Map.of(
                "CreatePatient", new Binding("patient", List.of("POST"), "FUNCTION"),
                "LoadPatient", new Binding("patient/{patientId}", List.of("GET"), "FUNCTION"),
                "UpdatePatient", new Binding("patient/{patientId}", List.of("PUT"), "FUNCTION"),
                "SearchPatient", new Binding("patient/search", List.of("POST"), "FUNCTION"),
                "CreateTest", new Binding("patient/{patientId}/tests", List.of("POST"), "FUNCTION"),
                "LoadTests", new Binding("patient/{patientId}/tests", List.of("GET"), "FUNCTION"),
                "LoadTest", new Binding("patient/{patientId}/tests/{testId}", List.of("GET"), "FUNCTION"),
                "UpdateTest", new Binding("patient/{patientId}/tests/{testId}", List.of("PUT"), "FUNCTION")));
        assertThat(APP.resolve("host.json")).exists();
        assertThat(APP.resolve("lib")).isDirectory();
    }

    @Test
    void package_localSettingsTemplate_holdsNoSecretValues() throws IOException {
        JsonNode values = JSON.readTree(Path.of("local.settings.json").toFile()).get("Values");

        values.fields().forEachRemaining(setting -> {
            String name = setting.getKey();
            String value = setting.getValue().asText();
            if (name.endsWith("KEY") || name.contains("CONNECTION") || name.equals("AzureWebJobsStorage")) {
                assertThat(value).as(name).isEmpty();
            }
            // Settings name secrets; a value that is itself a connection string or a key would be a leak.
            assertThat(value).as(name).doesNotContain("mongodb://").doesNotContain("mongodb+srv://")
                    .doesNotMatch("[A-Za-z0-9_-]{40,}");
        });
        assertThat(values.get("FUNCTIONS_WORKER_RUNTIME").asText()).isEqualTo("java");
        assertThat(values.get("AUDIT_API_KEY_SECRET").asText()).isEqualTo("audit-create-key");
        assertThat(values.get("MONGODB_URI_SECRET").asText()).isEqualTo("patient-mongodb-uri");
    }
}
