package org.auditedrecords.patientapi.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lte;
import static org.auditedrecords.patientapi.store.StoredDocuments.ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.PATIENT_ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.VERSION;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.mongo.DuplicateKeyException;
import org.auditedrecords.common.mongo.IndexSpec;
import org.auditedrecords.common.mongo.MongoIndexes;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.events.PendingEvent;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patient.PatientCriteria;
import org.auditedrecords.patient.PatientInput;
import org.auditedrecords.patient.PatientStore;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Patients on MongoDB / Cosmos DB for MongoDB, collection {@value #COLLECTION} sharded by {@code patientId}. A
 * patient is addressed by {@code {_id, patientId}}, so reads and updates are point operations; updates are one
 * conditional {@code updateOne} on the version read that also appends the write's event to the document's outbox
 * (no transactions). Searches are the only cross-partition
 * queries, on indexed fields.
 */
public final class MongoPatientStore implements PatientStore {
    public static final String COLLECTION = "patients";

    /**
     * An index on every searchable field but {@code _id} (always indexed), on the date-of-birth period bounds, on
     * the shard key, and on the outbox's event ids for the relay. Terraform declares the same list for Cosmos DB, whose next apply would drop any other.
     */
    public static final List<IndexSpec> INDEXES = List.of(
            IndexSpec.on(PATIENT_ID),
            IndexSpec.on(PatientInput.FIRST_NAME),
            IndexSpec.on(PatientInput.LAST_NAME),
            IndexSpec.on(PatientInput.FULL_NAME),
            IndexSpec.on(PatientInput.GENDER),
            IndexSpec.on(PatientInput.DATE_OF_BIRTH),
            IndexSpec.on(PatientDocuments.DATE_OF_BIRTH_START),
            IndexSpec.on(PatientDocuments.DATE_OF_BIRTH_END),
            IndexSpec.on(PatientInput.POST_CODE),
            IndexSpec.on(PatientInput.INSURANCE_NUMBER),
            IndexSpec.on(PatientInput.PREFERRED_CONTACT_NUMBER),
            IndexSpec.on(OutboxDocuments.OUTBOX_EVENT_ID));

    private final MongoCollection<Document> patients;
    private final ThrottlingRetry retry;

    public MongoPatientStore(MongoDatabase database, ThrottlingRetry retry) {
        this.patients = database.getCollection(COLLECTION);
        this.retry = retry;
    }

    /** Ensures {@link #INDEXES} (idempotent; the same keys created by Terraform under other names count). */
    public void createIndexes() {
        MongoIndexes.ensure(patients, INDEXES, retry);
    }

    @Override
    public void insert(Patient patient, PendingEvent event) {
        try {
            retry.run("insert patient", () -> patients.insertOne(
                    OutboxDocuments.withEvent(PatientDocuments.toDocument(patient), event)));
        } catch (DuplicateKeyException e) {
            // Ids are random UUIDs: a clash means the store is not what this app thinks it is.
            throw new DependencyUnavailableException("A new patient's id is already taken", e);
        }
    }

    @Override
    public Optional<Patient> find(String id) {
        Document found = retry.call("read patient", () -> patients.find(key(id)).first());
        return Optional.ofNullable(found).map(PatientDocuments::toPatient);
    }

    @Override
    public boolean replace(Patient replacement, long expectedVersion, PendingEvent event) {
        return retry.call("replace patient", () -> patients.updateOne(
                and(key(replacement.id()), eq(VERSION, expectedVersion)),
                OutboxDocuments.replacementWithEvent(PatientDocuments.toDocument(replacement),
                        PatientDocuments.OPTIONAL_FIELDS, event)).getMatchedCount() == 1);
    }


    @Override
    public List<Patient> search(PatientCriteria criteria, String afterId, int limit) {
        Bson filter = filter(criteria, afterId);
        List<Document> found = retry.call("search patients", () ->
                patients.find(filter).sort(Sorts.ascending(ID)).limit(limit).into(new ArrayList<>()));
        return found.stream().map(PatientDocuments::toPatient).toList();
    }

    private static Bson key(String id) {
        return and(eq(ID, id), eq(PATIENT_ID, id));
    }

    private static Bson filter(PatientCriteria criteria, String afterId) {
        List<Bson> filters = new ArrayList<>();
        criteria.exact().forEach((criterion, value) -> {
            String field = PatientDocuments.SEARCHABLE.get(criterion);
            if (field == null) {
                throw new IllegalArgumentException("Patients cannot be searched by " + criterion);
            }
            filters.add(eq(field, value));
        });
        // Overlap of the patient's period [start, end] with [earliest, latest]: end >= earliest and start <= latest.
        criteria.earliestDay().ifPresent(day -> filters.add(gte(PatientDocuments.DATE_OF_BIRTH_END, day.toString())));
        criteria.latestDay().ifPresent(day -> filters.add(lte(PatientDocuments.DATE_OF_BIRTH_START, day.toString())));
        if (afterId != null) {
            filters.add(gt(ID, afterId));
        }
        return filters.isEmpty() ? new Document() : and(filters);
    }
}
