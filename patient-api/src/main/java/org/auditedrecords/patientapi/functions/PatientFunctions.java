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
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.paging.ContinuationToken;
import org.auditedrecords.common.paging.PageLimit;
import org.auditedrecords.patient.Ids;
import org.auditedrecords.patient.Page;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patient.PatientCriteria;
import org.auditedrecords.patient.PatientDetails;
import org.auditedrecords.patientapi.PatientApp;

/**
 * The patient functions (SYSTEM.md §3): adapters from HTTP to the {@link org.auditedrecords.patient.PatientService},
 * which audits every access. The gateway's caller assertion is verified first (401 without a valid one), then bodies
 * are validated; a request rejected then (400, 413, 415) touches no data and is not audited.
 */
public class PatientFunctions {
    private final Supplier<PatientApp> app;

    public PatientFunctions() {
        this(PatientApp::process);
    }

    /** For tests and the local runtime: functions served by a given app instead of the process-wide one. */
    public PatientFunctions(Supplier<PatientApp> app) {
        this.app = app;
    }

    @FunctionName("CreatePatient")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "patient",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call, patientApp.callerAssertions());
            ObjectNode body = call.jsonObject();
            PatientDetails details = patientApp.patientInput().forCreate(body);
            return Creates.create(call, patientApp.idempotentCreates(), "POST patient", body, caller, null,
                    new Creates.Kind<>(ResourceType.PATIENT, id -> patientApp.patients().create(id, details, caller),
                            id -> patientApp.patients().load(id, caller), PatientView::of,
                            patient -> Responses.location("patient", patient.id())));
        });
    }

    @FunctionName("LoadPatient")
    public HttpResponseMessage load(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "patient/{patientId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            PatientApp patientApp = app.get();
            Patient patient = patientApp.patients().load(patientId, Callers.of(call, patientApp.callerAssertions()));
            return Responses.single(call, HttpStatus.OK, PatientView.of(patient), patient.version()).build();
        });
    }

    @FunctionName("UpdatePatient")
    public HttpResponseMessage update(
            @HttpTrigger(name = "request", methods = {HttpMethod.PUT}, route = "patient/{patientId}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("patientId") String patientId, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call, patientApp.callerAssertions());
            PatientDetails details = patientApp.patientInput().forUpdate(call.jsonObject(), patientId);
            Patient patient = patientApp.patients().update(patientId, details, Responses.ifMatch(call), caller);
            return Responses.single(call, HttpStatus.OK, PatientView.of(patient), patient.version()).build();
        });
    }

    @FunctionName("SearchPatient")
    public HttpResponseMessage search(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "patient/search",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            PatientApp patientApp = app.get();
            Caller caller = Callers.of(call, patientApp.callerAssertions());
            PatientCriteria criteria = patientApp.patientInput().forSearch(call.jsonObject());
            Pages.Request paging = Pages.request(call, criteria.asQuery());
            Page<Patient> page = patientApp.patients().search(criteria, paging.afterId(), paging.limit(), caller);
            return Pages.response(call, paging, page, PatientView::of);
        });
    }
}
