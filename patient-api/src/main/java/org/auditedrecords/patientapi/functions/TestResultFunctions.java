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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.auditedrecords.audittrail.Caller;
import org.auditedrecords.audittrail.ResourceType;
import org.auditedrecords.patient.Page;
import org.auditedrecords.patientapi.PatientApp;
import org.auditedrecords.testresult.TestResult;
import org.auditedrecords.testresult.TestResultDetails;
import org.auditedrecords.testresult.TestResultInput;

/**
 * The test result functions (SYSTEM.md §3): adapters from HTTP to the
 * {@link org.auditedrecords.testresult.TestResultService}, which audits every access. The gateway's caller assertion
 * is verified first (401 without a valid one), then bodies are validated; a request rejected then (400, 413, 415)
 * touches no data and is not audited.
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
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call, patientApp.callerAssertions());
            ObjectNode body = call.jsonObject();
            TestResultDetails details = TestResultInput.forCreate(body, patientId);
            return Creates.create(call, patientApp.idempotentCreates(), "POST patient/" + patientId + "/tests", body,
                    caller, patientId, new Creates.Kind<>(ResourceType.TEST,
                            id -> patientApp.testResults().create(id, patientId, details, caller),
                            id -> patientApp.testResults().load(patientId, id, caller), TestResultView::of,
                            test -> Responses.location("patient", test.patientId(), "tests", test.id())));
        });
    }

    @FunctionName("LoadTests")
    public HttpResponseMessage list(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "patient/{patientId}/tests",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call, patientApp.callerAssertions());
            // Bound to the patient, so a token of one patient's list is refused on another's.
            Pages.Request paging = Pages.request(call, Map.of("patientId", String.valueOf(patientId)));
            Page<TestResult> page = patientApp.testResults().list(patientId, paging.afterId(), paging.limit(), caller);
            return Pages.response(call, paging, page, TestResultView::of);
        });
    }

    @FunctionName("LoadTest")
    public HttpResponseMessage load(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "patient/{patientId}/tests/{testId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, @BindingName("testId") String testId,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            PatientApp patientApp = app.get();
            TestResult test = patientApp.testResults().load(patientId, testId,
                    Callers.of(call, patientApp.callerAssertions()));
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
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call, patientApp.callerAssertions());
            TestResultDetails details = TestResultInput.forUpdate(call.jsonObject(), patientId, testId);
            TestResult test = patientApp.testResults().update(patientId, testId, details, Responses.ifMatch(call),
                    caller);
            return Responses.single(call, HttpStatus.OK, TestResultView.of(test), test.version()).build();
        });
    }
}
