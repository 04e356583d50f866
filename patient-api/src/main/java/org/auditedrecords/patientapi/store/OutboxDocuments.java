package org.auditedrecords.patientapi.store;

import static org.auditedrecords.patientapi.store.StoredDocuments.ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.PATIENT_ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.VERSION;

import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.auditedrecords.events.EventType;
import org.auditedrecords.events.PendingEvent;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The outbox inside each patient and test document: {@code outbox: [{id, type, subject, patientId, testId?, version,
 * time, traceparent}, ...]}, oldest first. It is written by the same single-document operation as the resource, so
 * Cosmos DB's per-document atomicity is all the transaction the outbox needs.
 */
final class OutboxDocuments {
    static final String OUTBOX = "outbox";
    /** The outbox query matches {@code outbox.id > ""}: an index range that leaves out documents with nothing pending. */
    static final String OUTBOX_EVENT_ID = OUTBOX + ".id";
    private static final String WHAT = "outbox event";
    private static final Set<String> FIELDS =
            Set.of("id", "type", "subject", PATIENT_ID, "testId", VERSION, "time", "traceparent");

    private OutboxDocuments() {
    }

    /** {@code resource} as a new document whose outbox holds {@code event} alone. */
    static Document withEvent(Document resource, PendingEvent event) {
        return resource.append(OUTBOX, List.of(toDocument(event)));
    }

    /**
     * The update that turns a stored document into {@code replacement} and appends {@code event} to its outbox, so
     * events not yet relayed stay. The shard key and {@code _id} are never set (they do not change, and Cosmos DB
     * refuses updates of the shard key); {@code optionalFields} absent from the replacement are removed.
     */
    static Bson replacementWithEvent(Document replacement, Set<String> optionalFields, PendingEvent event) {
        List<Bson> updates = new ArrayList<>();
        replacement.forEach((field, value) -> {
            if (!field.equals(ID) && !field.equals(PATIENT_ID)) {
                updates.add(Updates.set(field, value));
            }
        });
        optionalFields.stream().filter(field -> !replacement.containsKey(field)).forEach(f -> updates.add(Updates.unset(f)));
        updates.add(Updates.push(OUTBOX, toDocument(event)));
        return Updates.combine(updates);
    }

    static Document toDocument(PendingEvent event) {
        Document doc = new Document("id", event.id()).append("type", event.type().wire())
                .append("subject", event.subject()).append(PATIENT_ID, event.patientId());
        StoredDocuments.put(doc, "testId", event.testId());
        return doc.append(VERSION, event.version()).append("time", Date.from(event.time()))
                .append("traceparent", event.traceparent());
    }

    static PendingEvent toEvent(Document doc) {
        StoredDocuments.allowOnly(doc, FIELDS, WHAT);
        EventType type;
        try {
            type = EventType.fromWire(StoredDocuments.required(doc, "type", WHAT));
        } catch (IllegalArgumentException e) {
            throw StoredDocuments.malformed(WHAT, "has an unknown type");
        }
        return new PendingEvent(StoredDocuments.required(doc, "id", WHAT), type,
                StoredDocuments.required(doc, "subject", WHAT), StoredDocuments.required(doc, PATIENT_ID, WHAT),
                StoredDocuments.optional(doc, "testId", WHAT), StoredDocuments.number(doc, VERSION, WHAT),
                StoredDocuments.date(doc, "time", WHAT).toInstant(), StoredDocuments.required(doc, "traceparent", WHAT));
    }

    /** The events of a stored resource document, oldest first; none when it has no outbox. */
    static List<PendingEvent> events(Document resource, String what) {
        Object stored = resource.get(OUTBOX);
        if (stored == null) {
            return List.of();
        }
        if (!(stored instanceof List<?> list)) {
            throw StoredDocuments.malformed(what, "has an outbox that is not an array");
        }
        List<PendingEvent> events = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Document event)) {
                throw StoredDocuments.malformed(what, "has an outbox event that is not a document");
            }
            events.add(toEvent(event));
        }
        return events;
    }
}
