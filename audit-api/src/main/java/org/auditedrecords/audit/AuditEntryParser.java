package org.auditedrecords.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.auditedrecords.common.errors.Violations;
import org.auditedrecords.common.json.JsonInput;

/**
 * Validates a CreateAuditRecord body: the full record form, or the upstream-compatible
 * {@code {sourceSystemName, resource: {type, id, operation}}} where {@code resource.operation} stands for
 * {@code action} — in the original system's words too ({@code find} is {@code read}, see
 * {@link AuditVocabulary#UPSTREAM_OPERATIONS}); the word is kept as sent, the action is the canonical one. Server-set
 * fields and unknown fields are rejected, and so are entries only the register itself writes: resource type
 * {@code audit-search} and the register's own source name, so no caller can forge or bury a compliance query.
 */
public final class AuditEntryParser {
    public static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern QUERY_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_QUERY_CRITERIA = 32;
    /** A search records the patients of one page, and a page holds at most 100 (SYSTEM.md §3). */
    public static final int MAX_RETURNED_PATIENTS = 100;
    private static final Set<String> FIELDS = Set.of("sourceSystemName", "action", "resource", "patientId", "outcome",
            "actor", "correlationId", "relatesTo", "query", "returnedPatientIds", "id", "recordedAt", "integrity");

    private AuditEntryParser() {
    }

    /** @param registerSourceName the register's own source system name, which callers may not use */
    public static AuditEntry parse(ObjectNode body, String registerSourceName) {
        Violations violations = new Violations();
        JsonInput in = JsonInput.root(body, violations)
                .allowOnly(FIELDS)
                .forbid("id", "recordedAt", "integrity");
        String source = in.requiredString("sourceSystemName", 128);
        if (source != null && source.equalsIgnoreCase(registerSourceName)) {
            violations.add("sourceSystemName", "is the audit register's own name, which only it records under");
        }
        String action = in.optionalOneOf("action", AuditVocabulary.ACTIONS);
        AuditEntry.Resource resource = in.optionalObject("resource").map(AuditEntryParser::resource).orElse(null);
        if (resource == null && !violations.has("resource") && !violations.has("resource.type")) {
            violations.add("resource", "is required");
        }
        String operationAction = resource == null || resource.operation() == null
                ? null : AuditVocabulary.actionOf(resource.operation()).orElseThrow();
        if (action == null && operationAction != null) {
            action = operationAction;
        } else if (action != null && operationAction != null && !action.equals(operationAction)) {
            violations.add("resource.operation", "must equal action when both are given");
        }
        if (action == null && !violations.has("action") && !violations.has("resource.operation")) {
            violations.add("action", "is required (or give resource.operation)");
        }
        String patientId = in.optionalMatching("patientId", 36, UUID, "must be a lower-case UUID");
        String outcome = in.optionalOneOf("outcome", AuditVocabulary.OUTCOMES);
        AuditEntry.Actor actor = in.optionalObject("actor").map(a -> {
            a.allowOnly(Set.of("clientId", "address", "requestId"));
            return new AuditEntry.Actor(a.optionalString("clientId", 128), a.optionalString("address", 64),
                    a.optionalString("requestId", 128));
        }).orElse(null);
        String correlationId = in.optionalMatching("correlationId", 32, TRACE_ID, "must be a W3C trace id (32 lower-case hex digits)");
        String relatesTo = in.optionalMatching("relatesTo", 36, UUID, "must be the id of an audit record (a lower-case UUID)");
        Map<String, String> query = query(body.get("query"), violations);
        List<String> returned = returnedPatientIds(body.get("returnedPatientIds"), violations);
        if (returned != null && action != null && !action.equals("search")) {
            violations.add("returnedPatientIds", "is only recorded for searches");
        }
        violations.throwIfAny();
        return new AuditEntry(source, action, resource, patientId, outcome, actor, correlationId, relatesTo, query,
                returned);
    }

    private static AuditEntry.Resource resource(JsonInput r) {
        r.allowOnly(Set.of("type", "id", "operation"));
        String type = r.optionalOneOf("type", AuditVocabulary.RESOURCE_TYPES);
        if (AuditVocabulary.REGISTER_ONLY_RESOURCE_TYPE.equals(type)) {
            r.violations().add(r.field("type"), "audit-search entries are recorded by the audit register itself");
        }
        if (type == null && !r.violations().has(r.field("type"))) {
            r.violations().add(r.field("type"), "is required");
        }
        String id = r.optionalString("id", 128);
        String operation = r.optionalOneOf("operation", AuditVocabulary.OPERATIONS);
        return type == null ? null : new AuditEntry.Resource(type, id, operation);
    }

    private static List<String> returnedPatientIds(JsonNode node, Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() > MAX_RETURNED_PATIENTS) {
            violations.add("returnedPatientIds", "must be an array of at most " + MAX_RETURNED_PATIENTS + " patient ids");
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || !UUID.matcher(id.textValue()).matches()) {
                violations.add("returnedPatientIds", "must hold lower-case UUIDs only");
                return null;
            }
            ids.add(id.textValue());
        }
        return ids;
    }

    private static Map<String, String> query(JsonNode node, Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            violations.add("query", "must be an object of search criteria");
            return null;
        }
        if (node.size() > MAX_QUERY_CRITERIA) {
            violations.add("query", "must have at most " + MAX_QUERY_CRITERIA + " criteria");
            return null;
        }
        Map<String, String> criteria = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> criterion = it.next();
            String field = "query." + criterion.getKey();
            if (!QUERY_KEY.matcher(criterion.getKey()).matches()) {
                violations.add(field, "is not a valid criterion name");
            } else if (!criterion.getValue().isTextual() || criterion.getValue().textValue().length() > 256) {
                violations.add(field, "must be a string of at most 256 characters");
            } else {
                criteria.put(criterion.getKey(), criterion.getValue().textValue());
            }
        }
        return criteria;
    }
}
