package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.auditedrecords.host.contract.AnnotatedOperations;
import org.auditedrecords.host.contract.ApiOperation;
import org.auditedrecords.host.contract.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the gateway imports ({@code openapi.yaml}) describes exactly the functions the app serves.
 * Its paths are relative to the gateway API {@code /patient}, which forwards to the app's {@code /api/patient}
 * (SYSTEM.md §5): prefixed with {@code /patient}, a documented path is the function's route.
 */
class OpenApiContractTest {
    private static final List<Class<?>> FUNCTION_CLASSES = List.of(PatientFunctions.class, TestResultFunctions.class);

    @Test
    void openApi_operations_areExactlyTheAnnotatedFunctions() {
        List<ApiOperation> documented = OpenApiDocument.operations(Path.of("openapi.yaml")).stream()
                .map(op -> new ApiOperation(op.method(), "/patient" + (op.path().equals("/") ? "" : op.path()), op.operationId()))
                .toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(AnnotatedOperations.of(FUNCTION_CLASSES));
    }

    @Test
    void annotated_functions_areTheEightOfTheContract() {
        assertThat(AnnotatedOperations.of(FUNCTION_CLASSES)).containsExactlyInAnyOrder(
                new ApiOperation("POST", "/patient", "CreatePatient"),
                new ApiOperation("GET", "/patient/{patientId}", "LoadPatient"),
                new ApiOperation("PUT", "/patient/{patientId}", "UpdatePatient"),
                new ApiOperation("POST", "/patient/search", "SearchPatient"),
                new ApiOperation("POST", "/patient/{patientId}/tests", "CreateTest"),
                new ApiOperation("GET", "/patient/{patientId}/tests", "LoadTests"),
                new ApiOperation("GET", "/patient/{patientId}/tests/{testId}", "LoadTest"),
                new ApiOperation("PUT", "/patient/{patientId}/tests/{testId}", "UpdateTest"));
    }
}
