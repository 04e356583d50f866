package org.auditedrecords.audit.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.StoredLeaf;
import org.auditedrecords.common.time.Timestamps;
import org.bson.BsonDocumentReader;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

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
    private static final BsonValueCodec ANY_VALUE = new BsonValueCodec();
    private static final DecoderContext DECODING = DecoderContext.builder().build();

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

    /**
     * Reads stored records straight from the driver's BSON into their {@link RecordJson} form, without a
     * {@link Document} in between: verification reads every record, and the intermediate map was a third of its
     * reading cost. Reading only: records are written as {@link #toDocument} documents.
     */
    static final Codec<StoredLeaf> LEAVES = new Codec<>() {
        @Override
        public StoredLeaf decode(BsonReader reader, DecoderContext context) {
            return toLeaf(reader);
        }

        @Override
        public void encode(BsonWriter writer, StoredLeaf value, EncoderContext context) {
            throw new UnsupportedOperationException("records are written as documents (AuditDocuments.toDocument)");
        }

        @Override
        public Class<StoredLeaf> getEncoderClass() {
            return StoredLeaf.class;
        }
    };

    static StoredLeaf toLeaf(Document doc) {
        return toLeaf(new BsonDocumentReader(doc.toBsonDocument()));
    }

    private static StoredLeaf toLeaf(BsonReader reader) {
        ObjectNode json = NODES.objectNode();
        ObjectNode integrity = NODES.objectNode();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            switch (name) {
                case "_id" -> json.set("id", json(reader));
                // The one date a record holds, as the register's text form of its millisecond.
                case "recordedAt" -> json.set("recordedAt", reader.getCurrentBsonType() == BsonType.DATE_TIME
                        ? NODES.textNode(Timestamps.format(Instant.ofEpochMilli(reader.readDateTime()))) : json(reader));
                case LOG -> integrity.set("log", json(reader));
                case INDEX -> integrity.set("leafIndex", json(reader));
                case LEAF_HASH -> integrity.set("leafHash", json(reader));
                default -> json.set(name, json(reader));
            }
        }
        reader.readEndDocument();
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

    /** The value the reader is at, as JSON. */
    private static JsonNode json(BsonReader reader) {
        switch (reader.getCurrentBsonType()) {
            case STRING:
                return NODES.textNode(reader.readString());
            case INT32:
                return NODES.numberNode((long) reader.readInt32());
            case INT64:
                return NODES.numberNode(reader.readInt64());
            case DOUBLE:
                return NODES.numberNode(reader.readDouble());
            case BOOLEAN:
                return NODES.booleanNode(reader.readBoolean());
            case NULL:
                reader.readNull();
                return NODES.nullNode();
            case DOCUMENT: {
                ObjectNode object = NODES.objectNode();
                reader.readStartDocument();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    String name = reader.readName();
                    object.set(name, json(reader));
                }
                reader.readEndDocument();
                return object;
            }
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                reader.readStartArray();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    array.add(json(reader));
                }
                reader.readEndArray();
                return array;
            }
            default:
                // Any other BSON type (a date outside recordedAt, binary, object id, decimal, ...) is not something
                // the register writes: keep it visible as a non-string so the strict parser reports the field.
                return NODES.pojoNode(ANY_VALUE.decode(reader, DECODING));
        }
    }
}
