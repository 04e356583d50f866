package org.auditedrecords.audit.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
                .containsExactlyInAnyOrder("LoadAuditRecord", "QueryAuditRecords", "VerifyAuditRegister");
        assertThat(AnnotatedOperations.of(List.of(AuditFunctions.class)))
                .contains(new ApiOperation("POST", "/auditrecord", "CreateAuditRecord"));
    }
}
