package org.auditedrecords.audit.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.auditedrecords.audit.AuditApp;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditEntryParser;
import org.auditedrecords.audit.AuditExport;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditQueryParser;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRecordView;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.compliance.ComplianceCaller;
import org.auditedrecords.audit.compliance.DisclosureFormat;
import org.auditedrecords.audit.compliance.DisclosureQuery;
import org.auditedrecords.audit.compliance.DisclosureReport;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.http.Endpoint;
import org.auditedrecords.common.http.GatewayCaller;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.paging.ContinuationToken;
import org.auditedrecords.common.paging.PageLimit;

/**
 * The Audit API's functions: adapters from HTTP to the {@link AuditRegister} (CreateAuditRecord) and to the
 * {@link org.auditedrecords.audit.compliance.ComplianceService}, which audits every compliance query before it
 * answers, in the name of the caller the gateway's signed assertion names. There is no update or delete.
 */
public class AuditFunctions {
    static final Endpoint ENDPOINT = new Endpoint("audit-api", Json.newMapper());
    private static final ContinuationToken TOKENS = new ContinuationToken(ENDPOINT.mapper());

    private final Supplier<AuditApp> app;

    public AuditFunctions() {
        this(AuditApp::process);
    }

    /** For tests and the local runtime: functions served by a given app instead of the process-wide one. */
    public AuditFunctions(Supplier<AuditApp> app) {
        this.app = app;
    }

    @FunctionName("CreateAuditRecord")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "auditrecord",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            AuditEntry entry = AuditEntryParser.parse(call.jsonObject(), app.get().config().sourceSystemName());
            AuditRecord record = app.get().register().append(entry);
            return call.json(HttpStatus.CREATED, AuditRecordView.of(record))
                    .header("Location", "auditrecord/" + record.id()) // relative: right on the app and behind any gateway prefix
                    .build();
        });
    }

    @FunctionName("LoadAuditRecord")
    public HttpResponseMessage load(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecord/{id}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            ComplianceCaller caller = caller(call);
            return call.json(HttpStatus.OK, AuditRecordView.of(app.get().compliance().load(id, caller))).build();
        });
    }

    @FunctionName("QueryAuditRecords")
    public HttpResponseMessage query(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecords",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            ComplianceCaller caller = caller(call);
            AuditExport format = AuditExport.negotiate(call.query("format"), call.header("accept"))
                    .orElseThrow(() -> ValidationException.of("format", "must be one of json, csv, ndjson"));
            AuditQuery query = AuditQueryParser.parse(request.getQueryParameters());
            int limit = format == AuditExport.JSON ? PageLimit.parse(call.query("limit"), 20, 100)
                    : PageLimit.parse(call.query("limit"), 1000, 1000);
            String fingerprint = ContinuationToken.fingerprint(query.criteria());
            Optional<String> token = call.query("continuationToken");
            query = query.continuing(TOKENS.decode(token, fingerprint).map(AuditQuery.Cursor::of).orElse(null));

            AuditRegister.Page page = app.get().compliance().query(query, limit, caller);
            List<AuditRecordView> views = page.records().stream().map(AuditRecordView::of).toList();
            HttpResponseMessage.Builder response = request.createResponseBuilder(HttpStatus.OK)
                    .header("Content-Type", format.contentType())
                    .body(format.format(views, token.isEmpty(), ENDPOINT.mapper()));
            page.next().ifPresent(next -> response.header("x-continuation-token",
                    TOKENS.encode(next.position(), fingerprint)));
            return response.build();
        });
    }

    @FunctionName("VerifyAuditRegister")
    public HttpResponseMessage verify(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecords/verify",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            ComplianceCaller caller = caller(call);
            return call.json(HttpStatus.OK, app.get().compliance().verify(caller)).build();
        });
    }

    @FunctionName("AccountDisclosures")
    public HttpResponseMessage disclosures(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "disclosures",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            ComplianceCaller caller = caller(call);
            DisclosureFormat format = DisclosureFormat.negotiate(call.query("format"), call.header("accept"))
                    .orElseThrow(() -> ValidationException.of("format", "must be one of json, csv, html"));
            DisclosureQuery given = DisclosureQuery.parse(request.getQueryParameters());
            int limit = PageLimit.parse(call.query("limit"), 500, 1000);
            String fingerprint = ContinuationToken.fingerprint(given.criteria());
            Optional<String> token = call.query("continuationToken");
            DisclosureQuery query = TOKENS.decode(token, fingerprint).map(given::continuing).orElse(given);

            DisclosureReport report = app.get().compliance().disclosures(query, limit, caller);
            HttpResponseMessage.Builder response = request.createResponseBuilder(HttpStatus.OK)
                    .header("Content-Type", format.contentType())
                    .body(format.render(report, token.isEmpty(), ENDPOINT.mapper()));
            if (format == DisclosureFormat.HTML) {
                response.header("Content-Security-Policy", DisclosureFormat.HTML_CONTENT_SECURITY_POLICY);
            }
            report.next().ifPresent(next -> response.header("x-continuation-token",
                    TOKENS.encode(DisclosureQuery.position(report), fingerprint)));
            return response.build();
        });
    }

    /**
     * The compliance officer the gateway asserted, verified before the query is parsed or run: without a valid
     * assertion the answer is 401 and nothing is read or audited.
     */
    private ComplianceCaller caller(Call call) {
        GatewayCaller caller = GatewayCaller.of(call, app.get().callerAssertions());
        return new ComplianceCaller(caller.clientId(), caller.address(), caller.requestId(), caller.correlationId());
    }
}
