package org.auditedrecords.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.auditedrecords.audit.log.Jcs;
import org.auditedrecords.audit.log.Rfc6962;
import org.auditedrecords.common.time.Timestamps;

/**
 * The one mapping of an audit record to JSON and back, and so the one definition of its canonical form.
 *
 * <p>The JSON form is what the API serves, what an export holds and (field for field, with {@code id} as
 * {@code _id}, {@code recordedAt} as a date and the integrity fields at top level) what the store keeps:
 * {@code id, recordedAt, sourceSystemName, action, resource {type, id, operation}, patientId, outcome,
 * actor {clientId, address, requestId}, correlationId, relatesTo, query {...}, returnedPatientIds [...]}, absent values left
 * out, and
 * {@code integrity {log, leafIndex, leafHash}}. The canonical form is RFC 8785 (JCS) over that JSON minus
 * {@code integrity}; the leaf hash is RFC 6962's over the canonical bytes. The position is not hashed into the
 * leaf: the Merkle tree fixes it.
 *
 * <p>Reading is strict: an unknown field, a field of the wrong type or a missing required field makes a record
 * malformed rather than silently ignored, so verification reports what was added or changed.
 */
public final class RecordJson {
    public static final String INTEGRITY = "integrity";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("id", "recordedAt", "sourceSystemName", "action", "resource",
            "patientId", "outcome", "actor", "correlationId", "relatesTo", "query", "returnedPatientIds", INTEGRITY);
    private static final Set<String> RESOURCE_FIELDS = Set.of("type", "id", "operation");
    private static final Set<String> ACTOR_FIELDS = Set.of("clientId", "address", "requestId");
    private static final Set<String> INTEGRITY_FIELDS = Set.of("log", "leafIndex", "leafHash");

    private RecordJson() {
    }

    /** The record's JSON form, integrity fields included. */
    public static ObjectNode toJson(AuditRecord record) {
        ObjectNode json = content(record);
        byte[] leafHash = Rfc6962.leafHash(Jcs.canonicalize(json));
        json.putObject(INTEGRITY)
                .put("log", record.position().log())
                .put("leafIndex", record.position().index())
                .put("leafHash", Base64.getEncoder().encodeToString(leafHash));
        return json;
    }

    /** RFC 8785 canonical bytes of the record minus its integrity fields. */
    public static byte[] canonical(AuditRecord record) {
        return Jcs.canonicalize(content(record));
    }

    /** The RFC 6962 leaf hash of the record: SHA-256(0x00 || canonical bytes). */
    public static byte[] leafHash(AuditRecord record) {
        return Rfc6962.leafHash(canonical(record));
    }

    private static ObjectNode content(AuditRecord record) {
        AuditEntry e = record.entry();
        ObjectNode json = NODES.objectNode();
        json.put("id", record.id());
        json.put("recordedAt", Timestamps.format(record.recordedAt()));
        put(json, "sourceSystemName", e.sourceSystemName());
        put(json, "action", e.action());
        ObjectNode resource = json.putObject("resource");
        put(resource, "type", e.resource().type());
        put(resource, "id", e.resource().id());
        put(resource, "operation", e.resource().operation());
        put(json, "patientId", e.patientId());
        put(json, "outcome", e.outcome());
        if (e.actor() != null) {
            ObjectNode actor = json.putObject("actor");
            put(actor, "clientId", e.actor().clientId());
            put(actor, "address", e.actor().address());
            put(actor, "requestId", e.actor().requestId());
        }
        put(json, "correlationId", e.correlationId());
        put(json, "relatesTo", e.relatesTo());
        if (e.query() != null) {
            ObjectNode query = json.putObject("query");
            new TreeMap<>(e.query()).forEach(query::put);
        }
        if (e.returnedPatientIds() != null) {
            // In the order the search returned them: the order is part of what was disclosed, so it is hashed.
            ArrayNode returned = json.putArray("returnedPatientIds");
            e.returnedPatientIds().forEach(returned::add);
        }
        return json;
    }

    /** Reads a record's JSON form (as served, exported or stored), strictly. */
    public static StoredLeaf read(JsonNode json) {
        String id = json.path("id").isTextual() ? json.get("id").textValue() : String.valueOf(json.get("id"));
        JsonNode integrity = json.path(INTEGRITY);
        String log = integrity.path("log").isTextual() ? integrity.get("log").textValue() : null;
        long index = integrity.path("leafIndex").canConvertToExactIntegral() ? integrity.get("leafIndex").asLong(-1) : -1;
        byte[] storedHash = null;
        try {
            allowOnly(json, FIELDS, "");
            allowOnly(integrity, INTEGRITY_FIELDS, "integrity.");
            storedHash = Base64.getDecoder().decode(text(integrity, "leafHash", true));
            if (log == null || index < 0 || storedHash.length != Rfc6962.HASH_BYTES) {
                throw new IllegalArgumentException("integrity needs log, leafIndex and a 32-byte leafHash");
            }
            JsonNode resource = object(json, "resource", true);
            allowOnly(resource, RESOURCE_FIELDS, "resource.");
            JsonNode actorNode = object(json, "actor", false);
            AuditEntry.Actor actor = null;
            if (actorNode != null) {
                allowOnly(actorNode, ACTOR_FIELDS, "actor.");
                actor = new AuditEntry.Actor(text(actorNode, "clientId", false), text(actorNode, "address", false),
                        text(actorNode, "requestId", false));
            }
            Map<String, String> query = null;
            JsonNode queryNode = object(json, "query", false);
            if (queryNode != null) {
                query = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = queryNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> criterion = it.next();
                    query.put(criterion.getKey(), text(queryNode, criterion.getKey(), true));
                }
            }
            AuditEntry entry = new AuditEntry(text(json, "sourceSystemName", true), text(json, "action", true),
                    new AuditEntry.Resource(text(resource, "type", true), text(resource, "id", false),
                            text(resource, "operation", false)),
                    text(json, "patientId", false), text(json, "outcome", false), actor,
                    text(json, "correlationId", false), text(json, "relatesTo", false), query,
                    texts(json, "returnedPatientIds"));
            Instant at;
            try {
                at = Timestamps.parse(text(json, "recordedAt", true));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("field recordedAt is not in the register's millisecond UTC form");
            }
            AuditRecord record = new AuditRecord(text(json, "id", true), at, entry, new AuditRecord.Position(log, index));
            return new StoredLeaf(id, log, index, record, storedHash, null);
        } catch (IllegalArgumentException e) {
            return new StoredLeaf(id, log, index, null, storedHash, e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("field " + field + " is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field " + field + " is not a string");
        }
        return value.textValue();
    }

    private static List<String> texts(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("field " + field + " is not an array");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("field " + field + " holds a value that is not a string");
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    private static JsonNode object(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("field " + field + " is missing");
            }
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("field " + field + " is not an object");
        }
        return value;
    }

    private static void allowOnly(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unexpected field " + prefix + name);
            }
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
