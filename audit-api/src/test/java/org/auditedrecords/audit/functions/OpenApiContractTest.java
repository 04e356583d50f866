package org.auditedrecords.audit.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.auditedrecords.audit.AuditQueryParser;
import org.auditedrecords.audit.compliance.DisclosureQuery;
import org.auditedrecords.host.contract.AnnotatedOperations;
import org.auditedrecords.host.contract.ApiOperation;
import org.auditedrecords.host.contract.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * The gateway's compliance API ({@code openapi.yaml}, under {@code /audit}, forwarding to the app's {@code /api})
 * exposes exactly the read functions: CreateAuditRecord is for the Patient API alone and is not on the gateway.
 */
class OpenApiContractTest {

    @Test
    void openApi_operations_areExactlyTheReadFunctions() {
        List<ApiOperation> reads = AnnotatedOperations.of(List.of(AuditFunctions.class)).stream()
                .filter(op -> op.method().equals("GET"))
                .toList();

        assertThat(OpenApiDocument.operations(Path.of("openapi.yaml"))).containsExactlyInAnyOrderElementsOf(reads);
        assertThat(reads).extracting(ApiOperation::operationId)
                .containsExactlyInAnyOrderElementsOf(AuditFunctionsHttpTest.COMPLIANCE_FUNCTIONS);
        assertThat(AnnotatedOperations.of(List.of(AuditFunctions.class)))
                .contains(new ApiOperation("POST", "/auditrecord", "CreateAuditRecord"));
    }

    @Test
    void openApi_queryParameters_areTheOnesTheQueryParserAccepts() throws Exception {
        Set<String> accepted = new TreeSet<>(AuditQueryParser.CRITERIA);
        accepted.addAll(List.of("limit", "continuationToken", "format"));

        assertThat(documentedQueryParameters("/auditrecords")).isEqualTo(accepted);
    }

    @Test
    void openApi_disclosureParameters_areTheOnesTheDisclosureQueryAccepts() throws Exception {
        Set<String> accepted = new TreeSet<>(DisclosureQuery.CRITERIA);
        accepted.addAll(List.of("limit", "continuationToken", "format"));

        assertThat(documentedQueryParameters("/disclosures")).isEqualTo(accepted);
    }

    private static Set<String> documentedQueryParameters(String path) throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi.yaml").toFile());
        Set<String> documented = new TreeSet<>();
        for (JsonNode parameter : spec.path("paths").path(path).path("get").path("parameters")) {
            JsonNode resolved = parameter.has("$ref")
                    ? spec.at(parameter.get("$ref").asText().substring(1)) : parameter;
            if (resolved.path("in").asText().equals("query")) {
                documented.add(resolved.path("name").asText());
            }
        }
        return documented;
    }
}
