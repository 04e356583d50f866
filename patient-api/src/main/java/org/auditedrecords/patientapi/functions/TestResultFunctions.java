package org.auditedrecords.patientapi.functions;

import static org.auditedrecords.patientapi.functions.Responses.ENDPOINT;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Supplier;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.testresult.TestResult;
import org.auditedrecords.testresult.TestResultDetails;
import org.auditedrecords.testresult.TestResultInput;

/**
 * The test result functions (SYSTEM.md §3): adapters from HTTP to the
 * {@link org.auditedrecords.testresult.TestResultService}, which audits every access. Bodies are validated first; a
 * request rejected then (400, 413, 415) touches no data and is not audited.
 */
public class TestResultFunctions {
    private final Supplier<PatientApp> app;

    public TestResultFunctions() {
        this(PatientApp::process);
    }

    /** For tests and the local runtime: functions served by a given app instead of the process-wide one. */
    public TestResultFunctions(Supplier<PatientApp> app) {
        this.app = app;
    }

    @FunctionName("CreateTest")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "patient/{patientId}/tests",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            ObjectNode body = call.jsonObject();
            TestResultDetails details = TestResultInput.forCreate(body, patientId);
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call);
            return Creates.create(call, patientApp.idempotentCreates(), "POST patient/" + patientId + "/tests", body,
                    caller, patientId, new Creates.Kind<>(ResourceType.TEST,
                            id -> patientApp.testResults().create(id, patientId, details, caller),
                            id -> patientApp.testResults().load(patientId, id, caller), TestResultView::of,
                            test -> "tests/" + test.id()));
        });
    }

    @FunctionName("LoadTests")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "patient/{patientId}/tests",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> call.json(HttpStatus.OK,
                app.get().testResults().list(patientId, Callers.of(call)).stream().map(TestResultView::of).toList())
                .build());
    }

    @FunctionName("LoadTest")
    public HttpResponseMessage load(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "patient/{patientId}/tests/{testId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, @BindingName("testId") String testId,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            TestResult test = app.get().testResults().load(patientId, testId, Callers.of(call));
            return Responses.single(call, HttpStatus.OK, TestResultView.of(test), test.version()).build();
        });
    }

    @FunctionName("UpdateTest")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = {HttpMethod.PUT}, route = "patient/{patientId}/tests/{testId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, @BindingName("testId") String testId,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            TestResultDetails details = TestResultInput.forUpdate(call.jsonObject(), patientId, testId);
            TestResult test = app.get().testResults().update(patientId, testId, details, Responses.ifMatch(call),
                    Callers.of(call));
            return Responses.single(call, HttpStatus.OK, TestResultView.of(test), test.version()).build();
        });
    }
}
