package org.auditedrecords.patientapi.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import java.util.List;
import org.auditedrecords.events.Outbox;
import org.auditedrecords.idempotency.IdempotencyStore;
import org.auditedrecords.patient.PatientStore;
import org.auditedrecords.testresult.TestResultStore;

/**
 * The Patient API's database: one process-wide {@link MongoClient} and the stores on it. The collections and their
 * shard keys are created by the deployment (Terraform); this creates the indexes the queries rely on.
 */
public final class PatientDatabase implements AutoCloseable {
    private final MongoClient client;
    private final MongoPatientStore patients;
    private final MongoTestResultStore tests;
    private final MongoIdempotencyStore idempotency;
    private final List<Outbox> outboxes;

    private PatientDatabase(MongoClient client, MongoDatabase db, MongoPatientStore patients,
                            MongoTestResultStore tests, ThrottlingRetry retry) {
        this.client = client;
        this.patients = patients;
        this.tests = tests;
        this.idempotency = new MongoIdempotencyStore(db, retry);
        this.outboxes = List.of(
                new MongoOutbox(db.getCollection(MongoPatientStore.COLLECTION), retry, "patient"),
                new MongoOutbox(db.getCollection(MongoTestResultStore.COLLECTION), retry, "test"));
    }

    /**
     * Connects and ensures the indexes exist.
     *
     * @param connectionString read from the vault; never logged
     * @throws org.auditedrecords.common.errors.DependencyUnavailableException when the store cannot be reached
     */
    public static PatientDatabase open(String connectionString, String database, ThrottlingRetry retry) {
        MongoClient client = MongoConnections.create(connectionString, "patient-api");
        try {
            MongoDatabase db = client.getDatabase(database);
            MongoPatientStore patients = new MongoPatientStore(db, retry);
            MongoTestResultStore tests = new MongoTestResultStore(db, retry);
            patients.createIndexes();
            tests.createIndexes();
            return new PatientDatabase(client, db, patients, tests, retry);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public PatientStore patients() {
        return patients;
    }

    public TestResultStore tests() {
        return tests;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    /** The outboxes of the patients and the tests collections, for the relay. */
    public List<Outbox> outboxes() {
        return outboxes;
    }

    @Override
    public void close() {
        client.close();
    }
}
