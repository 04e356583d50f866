package org.auditedrecords.patientapi.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.auditedrecords.patientapi.store.StoredDocuments.ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.PATIENT_ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.VERSION;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.mongo.DuplicateKeyException;
import org.auditedrecords.common.mongo.IndexSpec;
import org.auditedrecords.common.mongo.MongoIndexes;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.events.PendingEvent;
import org.auditedrecords.testresult.TestResult;
import org.auditedrecords.testresult.TestResultStore;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Test results on MongoDB / Cosmos DB for MongoDB, collection {@value #COLLECTION} sharded by {@code patientId}, so
 * all tests of a patient are one partition: a test is addressed by {@code {_id, patientId}}, a patient's list is a
 * single-partition query, and updates are one conditional {@code updateOne} on the version read, which also appends the write's event to
 * the document's outbox.
 */
public final class MongoTestResultStore implements TestResultStore {
    public static final String COLLECTION = "tests";

    /**
     * The shard key, and the shard key with {@code _id}: a page of a patient's list filters on the first and walks the
     * second in order, so a page costs the same however many tests the patient has. Terraform declares the same list
     * for Cosmos DB, whose next apply would drop any other.
     */
    public static final List<IndexSpec> INDEXES = List.of(IndexSpec.on(PATIENT_ID), IndexSpec.on(PATIENT_ID, ID),
            IndexSpec.on(OutboxDocuments.OUTBOX_EVENT_ID));

    private final MongoCollection<Document> tests;
    private final ThrottlingRetry retry;

    public MongoTestResultStore(MongoDatabase database, ThrottlingRetry retry) {
        this.tests = database.getCollection(COLLECTION);
        this.retry = retry;
    }

    /** Ensures {@link #INDEXES} (idempotent; the same keys created by Terraform under another name count). */
    public void createIndexes() {
        MongoIndexes.ensure(tests, INDEXES, retry);
    }

    @Override
    public void insert(TestResult test, PendingEvent event) {
        try {
            retry.run("insert test", () -> tests.insertOne(
                    OutboxDocuments.withEvent(TestResultDocuments.toDocument(test), event)));
        } catch (DuplicateKeyException e) {
            throw new DependencyUnavailableException("A new test's id is already taken", e);
        }
    }

    @Override
    public Optional<TestResult> find(String patientId, String testId) {
        Document found = retry.call("read test", () -> tests.find(key(patientId, testId)).first());
        return Optional.ofNullable(found).map(TestResultDocuments::toTestResult);
    }

    @Override
    public List<TestResult> list(String patientId, String afterId, int limit) {
        Bson filter = afterId == null ? eq(PATIENT_ID, patientId) : and(eq(PATIENT_ID, patientId), gt(ID, afterId));
        List<Document> found = retry.call("list tests", () -> tests.find(filter)
                .sort(Sorts.ascending(PATIENT_ID, ID)).limit(limit).into(new ArrayList<>()));
        return found.stream().map(TestResultDocuments::toTestResult).toList();
    }

    @Override
    public boolean replace(TestResult replacement, long expectedVersion, PendingEvent event) {
        return retry.call("replace test", () -> tests.updateOne(
                and(key(replacement.patientId(), replacement.id()), eq(VERSION, expectedVersion)),
                OutboxDocuments.replacementWithEvent(TestResultDocuments.toDocument(replacement), Set.of(), event))
                .getMatchedCount() == 1);
    }


    private static Bson key(String patientId, String testId) {
        return and(eq(ID, testId), eq(PATIENT_ID, patientId));
    }
}
