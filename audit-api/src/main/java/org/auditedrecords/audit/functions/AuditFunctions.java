package org.auditedrecords.audit.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditEntryParser;
import org.auditedrecords.audit.AuditExport;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditQueryParser;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.audit.compliance.ComplianceCaller;
import org.auditedrecords.audit.compliance.ComplianceService;
import org.auditedrecords.audit.compliance.DisclosureFormat;
import org.auditedrecords.audit.compliance.DisclosureQuery;
import org.auditedrecords.audit.compliance.DisclosureReport;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.auditapi.AuditApp;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.http.Endpoint;
import org.auditedrecords.common.http.GatewayCaller;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.paging.ContinuationToken;
import org.auditedrecords.common.paging.PageLimit;

/**
 * The Audit API's functions: adapters from HTTP to the {@link AuditRegister} (CreateAuditRecord, the timer) and to
 * the {@link ComplianceService}, which audits every compliance query before it answers, in the name of the caller
 * the gateway's signed assertion names. There is no update or delete.
 */
public class AuditFunctions {
    static final Endpoint ENDPOINT = new Endpoint("audit-api", Json.newMapper());
    private static final ContinuationToken TOKENS = new ContinuationToken(ENDPOINT.mapper());
    private static final Pattern LOG_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{12}");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,17}");

    private final Supplier<AuditApp> app;

    public AuditFunctions() {
        this(AuditApp::process);
    }

    /** For tests and the local runtime: functions served by a given app instead of the process-wide one. */
    public AuditFunctions(Supplier<AuditApp> app) {
        this.app = app;
    }

    /**
     * Appends an entry. The caller's source is bound to its key: only the Patient API's function keys open this
     * function, so an entry naming any other source (or the register's own) is refused and nothing is stored.
     */
    @FunctionName("CreateAuditRecord")
    public HttpResponseMessage create(
            @HttpTrigger(name = "request", methods = {HttpMethod.POST}, route = "auditrecord",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            AuditEntry entry = AuditEntryParser.parse(call.jsonObject(), app.get().config().sourceSystemName());
            String bound = app.get().config().callerSource();
            if (!entry.sourceSystemName().equals(bound)) {
                throw ValidationException.of("sourceSystemName", "must be " + bound + ", the source bound to the key"
                        + " this call was made with");
            }
            AuditRecord record = app.get().register().append(entry);
            return call.json(HttpStatus.CREATED, RecordJson.toJson(record))
                    .header("Location", "auditrecord/" + record.id()) // relative: right on the app and behind any gateway prefix
                    .build();
        });
    }

    @FunctionName("LoadAuditRecord")
    public HttpResponseMessage load(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecord/{id}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call ->
                call.json(HttpStatus.OK, RecordJson.toJson(app.get().compliance().load(id, caller(call)))).build());
    }

    /** The record, its leaf index, an RFC 6962 inclusion proof and the signed checkpoint it is proven against. */
    @FunctionName("ProveAuditRecord")
    public HttpResponseMessage proof(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecord/{id}/proof",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> call.json(HttpStatus.OK,
                RegisterViews.ProofView.of(app.get().compliance().proof(id, caller(call)))).build());
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
            List<ObjectNode> records = page.records().stream().map(RecordJson::toJson).toList();
            HttpResponseMessage.Builder response = request.createResponseBuilder(HttpStatus.OK)
                    .header("Content-Type", format.contentType())
                    .body(format.format(records, token.isEmpty(), ENDPOINT.mapper()));
            page.next().ifPresent(next -> response.header("x-continuation-token",
                    TOKENS.encode(next.position(), fingerprint)));
            return response.build();
        });
    }

    /**
     * Signed checkpoints: with {@code log}, that log's, newest first; without, the newest of every log, by log id
     * (what the offline verifier needs beside an export). Paged with {@code limit} and {@code continuationToken}.
     */
    @FunctionName("ListAuditCheckpoints")
    public HttpResponseMessage checkpoints(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecords/checkpoints",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            requireOnly(request.getQueryParameters(), "log", "limit", "continuationToken");
            Optional<String> log = call.query("log").map(AuditFunctions::logId);
            int limit = PageLimit.parse(call.query("limit"), 100, 1000);
            String fingerprint = ContinuationToken.fingerprint(Map.of("checkpoints", log.orElse("*")));
            Optional<String> after = TOKENS.decode(call.query("continuationToken"), fingerprint).map(p -> p.get("a"));
            ComplianceService compliance = app.get().compliance();
            List<StoredCheckpoint> found = log.isPresent()
                    ? compliance.checkpoints(log.get(), after.map(a -> size("continuationToken", a)).orElse(Long.MAX_VALUE),
                            limit + 1, caller(call))
                    : compliance.newestCheckpoints(after.orElse(null), limit + 1, caller(call));
            List<StoredCheckpoint> page = found.subList(0, Math.min(limit, found.size()));
            HttpResponseMessage.Builder response = call.json(HttpStatus.OK,
                    page.stream().map(RegisterViews.CheckpointView::of).toList());
            if (found.size() > limit) {
                StoredCheckpoint last = page.get(page.size() - 1);
                response.header("x-continuation-token", TOKENS.encode(
                        Map.of("a", log.isPresent() ? String.valueOf(last.size()) : last.log()), fingerprint));
            }
            return response.build();
        });
    }

    /** An RFC 6962 consistency proof between two sizes of one log ({@code to} defaults to its newest checkpoint). */
    @FunctionName("ProveAuditLogConsistency")
    public HttpResponseMessage consistency(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecords/consistency",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            requireOnly(request.getQueryParameters(), "log", "from", "to");
            String log = logId(call.query("log").orElseThrow(() -> ValidationException.of("log", "is required")));
            long from = size("from", call.query("from").orElseThrow(() -> ValidationException.of("from", "is required")));
            Optional<Long> to = call.query("to").map(t -> size("to", t));
            return call.json(HttpStatus.OK, RegisterViews.ConsistencyView.of(
                    app.get().compliance().consistency(log, from, to, caller(call)))).build();
        });
    }

    /** The checkpoint signing key's versions, public parts only, with their validity periods. */
    @FunctionName("ListAuditKeys")
    public HttpResponseMessage keys(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecords/keys",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            KeyRing keys = app.get().compliance().keys(caller(call));
            return call.json(HttpStatus.OK, keys.versions().stream()
                    .map(v -> RegisterViews.KeyView.of(keys.keyName(), v)).toList()).build();
        });
    }

    /** Incremental verification, bounded in time; includes the state of the full re-verification. */
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

    /** The background full re-verification: status, progress, start and finish, result. */
    @FunctionName("VerifyAuditRegisterFull")
    public HttpResponseMessage verifyFull(
            @HttpTrigger(name = "request", methods = {HttpMethod.GET}, route = "auditrecords/verify/full",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return ENDPOINT.handle(request, context, call -> {
            AuditApp current = app.get();
            Object status = current.compliance().fullVerification(caller(call)).<Object>map(s -> s)
                    .orElse(Map.of("status", "not-started",
                            "nextRunWithin", current.register().settings().fullVerificationInterval().toString()));
            return call.json(HttpStatus.OK, status).build();
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
     * The full re-verification in Azure, where no thread of the process may outlive an invocation: every tick runs
     * or resumes it when due, for at most {@code AUDIT_FULL_VERIFICATION_BUDGET}, through the same core the local
     * thread uses. Its progress and result are read at {@code GET auditrecords/verify/full}.
     */
    @FunctionName("VerifyAuditRegisterOnSchedule")
    public void verifyOnSchedule(
            @TimerTrigger(name = "timer", schedule = "%AUDIT_FULL_VERIFICATION_SCHEDULE%") String timer,
            ExecutionContext context) {
        AuditApp current = app.get();
        current.register().verifyAllIfDue(current.config().fullVerificationBudget()).ifPresent(status ->
                context.getLogger().info("Full re-verification " + status.status() + ": " + status.logsDone() + " of "
                        + status.logsTotal() + " logs, " + status.records() + " records, " + status.broken().size()
                        + " broken"));
    }

    /**
     * The compliance officer the gateway asserted, verified before the query is parsed or run: without a valid
     * assertion the answer is 401 and nothing is read or audited.
     */
    private ComplianceCaller caller(Call call) {
        GatewayCaller caller = GatewayCaller.of(call, app.get().callerAssertions());
        return new ComplianceCaller(caller.clientId(), caller.address(), caller.requestId(), caller.correlationId());
    }

    private static String logId(String value) {
        if (!LOG_ID.matcher(value).matches()) {
            throw ValidationException.of("log", "must be a log id such as 20261201T210000Z-5f0c9a1e2b3d");
        }
        return value;
    }

    private static long size(String field, String value) {
        if (!SIZE.matcher(value).matches()) {
            throw ValidationException.of(field, "must be a tree size (a whole number >= 0)");
        }
        return Long.parseLong(value);
    }

    private static void requireOnly(Map<String, String> parameters, String... allowed) {
        List<String> known = List.of(allowed);
        for (String name : parameters.keySet()) {
            if (!known.contains(name)) {
                throw ValidationException.of(name, "is not a parameter of this operation");
            }
        }
    }
}
