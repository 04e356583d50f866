package org.auditedrecords.audit.functions;

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
 * checks them against the contract (SYSTEM.md §4): what is deployed is what was specified.
 */
class FunctionJsonContractIT {
    private static final Path APP = Path.of("target", "azure-functions", "audit-api");

    record Binding(String route, List<String> methods, String authLevel) {
    }

    @Test
    void package_generatesOneFunctionJsonPerFunction_matchingTheContract() throws IOException {
        Map<String, Binding> deployed = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(APP)) {
            for (Path json : dirs.map(d -> d.resolve("function.json")).filter(Files::exists).toList()) {
                JsonNode trigger = new ObjectMapper().readTree(json.toFile()).get("bindings").get(0);
                assertThat(trigger.get("type").asText()).isEqualTo("httpTrigger");
                deployed.put(json.getParent().getFileName().toString(), new Binding(trigger.get("route").asText(),
                        new ObjectMapper().convertValue(trigger.get("methods"), List.class), trigger.get("authLevel").asText()));
            }
        }

        assertThat(deployed).isEqualTo(Map.of(
                "CreateAuditRecord", new Binding("auditrecord", List.of("POST"), "FUNCTION"),
                "LoadAuditRecord", new Binding("auditrecord/{id}", List.of("GET"), "FUNCTION"),
                "QueryAuditRecords", new Binding("auditrecords", List.of("GET"), "FUNCTION"),
                "VerifyAuditRegister", new Binding("auditrecords/verify", List.of("GET"), "FUNCTION")));
        assertThat(APP.resolve("host.json")).exists();
        assertThat(APP.resolve("lib")).isDirectory();
    }

    @Test
    void package_localSettingsTemplate_holdsNoSecretValues() throws IOException {
        JsonNode values = new ObjectMapper().readTree(Path.of("local.settings.json").toFile()).get("Values");

        values.fields().forEachRemaining(setting -> {
            String name = setting.getKey();
            if (name.endsWith("KEY") || name.contains("CONNECTION") || name.equals("AzureWebJobsStorage")) {
                assertThat(setting.getValue().asText()).as(name).isEmpty();
            }
        });
        assertThat(values.get("FUNCTIONS_WORKER_RUNTIME").asText()).isEqualTo("java");
    }
}
