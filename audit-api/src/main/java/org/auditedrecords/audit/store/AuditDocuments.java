package org.auditedrecords.audit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.StoredLeaf;
import org.auditedrecords.common.time.Timestamps;
import org.bson.Document;

/**
 * Stores a record's {@link RecordJson} form as a document, field for field, and reads it back the same way, so the
 * register has one mapping of a record: {@code id} is {@code _id}, {@code recordedAt} a date (for range queries),
 * and the integrity fields sit at top level ({@code log} is the shard key, {@code idx} the leaf index). Nothing is
 * dropped on reading, so a field added in the store reaches the strict parser and is reported.
 */
final class AuditDocuments {
    static final String LOG = "log";
    static final String INDEX = "idx";
    static final String LEAF_HASH = "leafHash";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditDocuments() {
    }

    static Document toDocument(AuditRecord record) {
        ObjectNode json = RecordJson.toJson(record);
        JsonNode integrity = json.remove(RecordJson.INTEGRITY);
        json.remove("recordedAt");
        // A Date keeps exactly the milliseconds the record's text form shows (both floor), so the instant is
        // stored as hashed without printing and re-parsing it.
        Document doc = new Document("_id", json.remove("id").textValue()).append("recordedAt", Date.from(record.recordedAt()));
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            doc.append(field.getKey(), bson(field.getValue()));
        }
        return doc.append(LOG, integrity.get("log").textValue())
                .append(INDEX, integrity.get("leafIndex").longValue())
                .append(LEAF_HASH, integrity.get("leafHash").textValue());
    }

    static StoredLeaf toLeaf(Document doc) {
        ObjectNode json = NODES.objectNode();
        ObjectNode integrity = NODES.objectNode();
        for (Map.Entry<String, Object> field : doc.entrySet()) {
            switch (field.getKey()) {
                case "_id" -> json.set("id", json(field.getValue()));
                case "recordedAt" -> json.set("recordedAt", field.getValue() instanceof Date d
                        ? NODES.textNode(Timestamps.format(d.toInstant())) : json(field.getValue()));
                case LOG -> integrity.set("log", json(field.getValue()));
                case INDEX -> integrity.set("leafIndex", json(field.getValue()));
                case LEAF_HASH -> integrity.set("leafHash", json(field.getValue()));
                default -> json.set(field.getKey(), json(field.getValue()));
            }
        }
        json.set(RecordJson.INTEGRITY, integrity);
        return RecordJson.read(json);
    }

    private static Object bson(JsonNode value) {
        if (value.isObject()) {
            Document doc = new Document();
            value.fields().forEachRemaining(f -> doc.append(f.getKey(), bson(f.getValue())));
            return doc;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(bson(v)));
            return list;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        return value.isNull() ? null : value.asText();
    }

    private static JsonNode json(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Date d) {
            return NODES.textNode(Timestamps.format(d.toInstant()));
        }
        if (value instanceof Document d) {
            ObjectNode object = NODES.objectNode();
            d.forEach((k, v) -> object.set(k, json(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        // Any other BSON type (binary, object id, ...) is not something the register writes: keep it visible as
        // a non-string so the strict parser reports the field.
        return NODES.pojoNode(value.toString());
    }
}
