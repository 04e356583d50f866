package org.auditedrecords.patientapi.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.auditedrecords.patientapi.store.StoredDocuments.ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.PATIENT_ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.events.Outbox;
import org.auditedrecords.events.PendingResource;
import org.bson.Document;

/**
 * The outbox of one collection whose documents are addressed by {@code {_id, patientId}} (patients and tests both
 * are). Reading is one indexed query on {@code outbox.id}; clearing is one point {@code $pull} of exactly the relayed
 * event ids, which leaves the resource and its version alone, so it never conflicts with a concurrent update.
 */
final class MongoOutbox implements Outbox {
    private final MongoCollection<Document> collection;
    private final ThrottlingRetry retry;
    private final String what;

    MongoOutbox(MongoCollection<Document> collection, ThrottlingRetry retry, String what) {
        this.collection = collection;
        this.retry = retry;
        this.what = what;
    }

    @Override
    public List<PendingResource> pending(int limit) {
        List<Document> found = retry.call("read " + what + " outbox", () -> collection
                .find(gt(OutboxDocuments.OUTBOX_EVENT_ID, ""))
                .projection(Projections.include(ID, PATIENT_ID, OutboxDocuments.OUTBOX))
                .limit(limit).into(new ArrayList<>()));
        return found.stream().map(doc -> new PendingResource(StoredDocuments.required(doc, PATIENT_ID, what),
                StoredDocuments.required(doc, ID, what), OutboxDocuments.events(doc, what))).toList();
    }

    @Override
    public void clear(PendingResource resource, List<String> eventIds) {
        retry.run("clear " + what + " outbox", () -> collection.updateOne(
                and(eq(ID, resource.resourceId()), eq(PATIENT_ID, resource.patientId())),
                Updates.pullByFilter(new Document(OutboxDocuments.OUTBOX,
                        new Document("id", new Document("$in", eventIds))))));
    }
}
