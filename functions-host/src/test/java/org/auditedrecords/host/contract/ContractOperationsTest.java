package org.auditedrecords.host.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.auditedrecords.host.RoutingFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractOperationsTest {

    @Test
    void operations_document_areReadWithMethodPathAndId(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("openapi.yaml");
        Files.writeString(doc, """
                openapi: 3.0.3
                paths:
                  /:
                    post: {operationId: CreatePatient}
                  /{patientId}:
                    parameters: [{name: patientId, in: path}]
                    get: {operationId: LoadPatient}
                    put: {operationId: UpdatePatient}
                """);

        assertThat(OpenApiDocument.operations(doc)).containsExactlyInAnyOrder(
                new ApiOperation("POST", "/", "CreatePatient"),
                new ApiOperation("GET", "/{patientId}", "LoadPatient"),
                new ApiOperation("PUT", "/{patientId}", "UpdatePatient"));
    }

    @Test
    void operations_documentWithoutPaths_isRejected(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("openapi.yaml");
        Files.writeString(doc, "openapi: 3.0.3\ninfo: {title: empty}\n");

        assertThatThrownBy(() -> OpenApiDocument.operations(doc)).hasMessageContaining("defines no operations");
    }

    @Test
    void of_annotatedFunctions_giveOneOperationPerMethodWithRouteOrName() {
        List<ApiOperation> operations = AnnotatedOperations.of(List.of(RoutingFunctions.class));

        assertThat(operations).contains(new ApiOperation("GET", "/records/{id:guid}", "LoadRecord"),
                new ApiOperation("GET", "/records/verify", "VerifyRecords"),
                new ApiOperation("GET", "/people/{personId}", "LoadPerson"));
    }
}
