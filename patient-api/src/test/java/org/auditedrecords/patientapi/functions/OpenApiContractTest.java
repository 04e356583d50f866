package org.auditedrecords.patientapi.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the gateway imports ({@code openapi.yaml}) must describe exactly the functions the app serves:
 * the same methods, paths (with the same parameter names) and operation ids as the functions' annotations.
 *
 * <p>The document's paths are relative to the gateway API, whose base path its server URL names ({@code /patient});
 * the gateway forwards {@code /patient/...} to the app's {@code /api/patient/...} (SYSTEM.md §5). So a documented
 * path, prefixed with that base path, is the function's route with a leading slash.
 */
class OpenApiContractTest {
    private static final Path SPEC = Path.of("openapi.yaml");
    private static final List<Class<?>> FUNCTION_CLASSES = List.of(PatientFunctions.class, TestResultFunctions.class);
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");

    /** One operation: upper-case HTTP method, path as {@code "/" + route}, operation id as the function name. */
    record Operation(String method, String path, String operationId) {
    }

    @Test
    void openApi_operations_areExactlyTheAnnotatedFunctions() throws IOException {
        Assumptions.assumeTrue(Files.exists(SPEC), "patient-api/openapi.yaml does not exist yet: it is written on "
                + "another branch, and this check runs once that branch is merged");
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
        String basePath = URI.create(spec.path("servers").path(0).path("url").asText()
                .replace("{gateway}", "gateway")).getPath();

        Set<Operation> documented = new HashSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (HTTP_METHODS.contains(operation.getKey())) {
                String relative = path.getKey().equals("/") ? "" : path.getKey();
                documented.add(new Operation(operation.getKey().toUpperCase(Locale.ROOT), basePath + relative,
                        operation.getValue().path("operationId").asText(null)));
            }
        }));

        assertThat(basePath).isEqualTo("/patient");

        assertThat(documented).isEqualTo(annotated());
    }

    @Test
    void annotated_functions_areTheEightOfTheContract() {
        assertThat(annotated()).containsExactlyInAnyOrder(
                new Operation("POST", "/patient", "CreatePatient"),
                new Operation("GET", "/patient/{patientId}", "LoadPatient"),
                new Operation("PUT", "/patient/{patientId}", "UpdatePatient"),
                new Operation("POST", "/patient/search", "SearchPatient"),
                new Operation("POST", "/patient/{patientId}/tests", "CreateTest"),
                new Operation("GET", "/patient/{patientId}/tests", "LoadTests"),
                new Operation("GET", "/patient/{patientId}/tests/{testId}", "LoadTest"),
                new Operation("PUT", "/patient/{patientId}/tests/{testId}", "UpdateTest"));
    }

    /** The operations as the functions' annotations define them, which is what function.json is generated from. */
    private static Set<Operation> annotated() {
        Set<Operation> operations = new HashSet<>();
        for (Class<?> type : FUNCTION_CLASSES) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name == null) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    HttpTrigger trigger = parameter.getAnnotation(HttpTrigger.class);
                    if (trigger != null) {
                        for (HttpMethod httpMethod : trigger.methods()) {
                            operations.add(new Operation(httpMethod.name(), "/" + trigger.route(), name.value()));
                        }
                    }
                }
            }
        }
        return operations;
    }
}
