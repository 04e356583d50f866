package org.auditedrecords.audit.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditLedger.StoredRecord;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.ChainHead;
import org.bson.Document;

/**
 * Maps audit records to documents and back. Reading is strict: a document with an unknown field or a field of the
 * wrong type does not parse, so verification reports it instead of silently ignoring what was added.
 */
final class AuditDocuments {
    private static final Set<String> FIELDS = Set.of("_id", "recordedAt", "sourceSystemName", "action", "resource",
            "patientId", "outcome", "actor", "correlationId", "relatesTo", "query", "returnedPatientIds", "chain", "seq", "prevHash", "hash",
            "keyVersion", "signature");
    private static final Set<String> RESOURCE_FIELDS = Set.of("type", "id", "operation");
    private static final Set<String> ACTOR_FIELDS = Set.of("clientId", "address", "requestId");

    private AuditDocuments() {
    }

    static Document toDocument(AuditRecord record) {
        AuditEntry e = record.entry();
        AuditRecord.Seal seal = record.seal();
        Document doc = new Document("_id", record.id())
                .append("recordedAt", Date.from(record.recordedAt()))
                .append("chain", seal.chain())
                .append("seq", seal.seq())
                .append("prevHash", seal.prevHash())
                .append("hash", seal.hash())
                .append("keyVersion", seal.keyVersion())
                .append("signature", seal.signature());
        put(doc, "sourceSystemName", e.sourceSystemName());
        put(doc, "action", e.action());
        Document resource = new Document("type", e.resource().type());
        put(resource, "id", e.resource().id());
        put(resource, "operation", e.resource().operation());
        doc.append("resource", resource);
        put(doc, "patientId", e.patientId());
        put(doc, "outcome", e.outcome());
        if (e.actor() != null) {
            Document actor = new Document();
            put(actor, "clientId", e.actor().clientId());
            put(actor, "address", e.actor().address());
            put(actor, "requestId", e.actor().requestId());
            doc.append("actor", actor);
        }
        put(doc, "correlationId", e.correlationId());
        put(doc, "relatesTo", e.relatesTo());
        if (e.query() != null) {
            doc.append("query", new Document(new TreeMap<>(e.query())));
        }
        put(doc, "returnedPatientIds", e.returnedPatientIds());
        return doc;
    }

    /** The outcome of reading one stored document. */
    record Parsed(String id, AuditRecord parsed, String problem) {
        Optional<AuditRecord> record() {
            return Optional.ofNullable(parsed);
        }

        StoredRecord stored() {
            return new StoredRecord(id, parsed, problem);
        }
    }

    static Parsed toRecord(Document doc) {
        String id = String.valueOf(doc.get("_id"));
        try {
            unknown(doc, FIELDS, "");
            Document resource = doc.get("resource", Document.class);
            unknown(resource, RESOURCE_FIELDS, "resource.");
            Document actorDoc = doc.get("actor", Document.class);
            AuditEntry.Actor actor = null;
            if (actorDoc != null) {
                unknown(actorDoc, ACTOR_FIELDS, "actor.");
                actor = new AuditEntry.Actor(actorDoc.getString("clientId"), actorDoc.getString("address"),
                        actorDoc.getString("requestId"));
            }
            Map<String, String> query = null;
            Document queryDoc = doc.get("query", Document.class);
            if (queryDoc != null) {
                query = new TreeMap<>();
                for (Map.Entry<String, Object> criterion : queryDoc.entrySet()) {
                    query.put(criterion.getKey(), (String) criterion.getValue());
                }
            }
            List<String> returned = null;
            List<?> returnedDoc = doc.get("returnedPatientIds", List.class);
            if (returnedDoc != null) {
                returned = new ArrayList<>();
                for (Object patient : returnedDoc) {
                    returned.add((String) patient);
                }
            }
            AuditEntry entry = new AuditEntry(doc.getString("sourceSystemName"), doc.getString("action"),
                    new AuditEntry.Resource(resource.getString("type"), resource.getString("id"), resource.getString("operation")),
                    doc.getString("patientId"), doc.getString("outcome"), actor, doc.getString("correlationId"),
                    doc.getString("relatesTo"), query, returned);
            AuditRecord.Seal seal = new AuditRecord.Seal(((Number) doc.get("chain")).intValue(),
                    ((Number) doc.get("seq")).longValue(), doc.getString("prevHash"), doc.getString("hash"),
                    doc.getString("keyVersion"), doc.getString("signature"));
            Date recordedAt = doc.getDate("recordedAt");
            if (!(doc.get("_id") instanceof String) || recordedAt == null || seal.prevHash() == null || seal.hash() == null) {
                return new Parsed(id, null, "a required field is missing");
            }
            return new Parsed(id, new AuditRecord(id, recordedAt.toInstant(), entry, seal), null);
        } catch (ClassCastException | NullPointerException e) {
            return new Parsed(id, null, "a field is missing or has the wrong type");
        } catch (IllegalArgumentException e) {
            return new Parsed(id, null, e.getMessage());
        }
    }

    static Optional<ChainHead> toHead(Document doc) {
        try {
            return Optional.of(new ChainHead(((Number) doc.get("_id")).intValue(), ((Number) doc.get("seq")).longValue(),
                    doc.getString("hash"), doc.getString("keyVersion"), doc.getString("signature"),
                    doc.getDate("sealedAt").toInstant()));
        } catch (ClassCastException | NullPointerException e) {
            // A head that does not parse counts as missing, which verification reports.
            return Optional.empty();
        }
    }

    private static void unknown(Document doc, Set<String> allowed, String prefix) {
        for (String key : doc.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unexpected field " + prefix + key);
            }
        }
    }

    private static void put(Document doc, String key, Object value) {
        if (value != null) {
            doc.append(key, value);
        }
    }
}
