package org.auditedrecords.patientapi.store;

import static org.auditedrecords.patientapi.store.StoredDocuments.ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.LAST_UPDATED;
import static org.auditedrecords.patientapi.store.StoredDocuments.PATIENT_ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.VERSION;
import static org.auditedrecords.patientapi.store.StoredDocuments.required;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.auditedrecords.testresult.Observation;
import org.auditedrecords.testresult.TestResult;
import org.auditedrecords.testresult.TestResultDetails;
import org.auditedrecords.testresult.TestResultInput;
import org.bson.Document;

/**
 * Maps test results to documents of the {@code tests} collection and back:
 * {@code {_id: testId, patientId, performer, orderReference, observations: [...], lastUpdated, version, outbox}}
 * (the outbox: see {@link OutboxDocuments}).
 */
final class TestResultDocuments {
    private static final Set<String> FIELDS = Set.of(ID, PATIENT_ID, TestResultInput.PERFORMER,
            TestResultInput.ORDER_REFERENCE, TestResultInput.OBSERVATIONS, LAST_UPDATED, VERSION, OutboxDocuments.OUTBOX);
    private static final String WHAT = "test";

    private TestResultDocuments() {
    }

    static Document toDocument(TestResult test) {
        List<Document> observations = new ArrayList<>();
        for (Observation o : test.details().observations()) {
            observations.add(new Document("id", o.id()).append("code", o.code()).append("measurement", o.measurement())
                    .append("interpretation", o.interpretation()).append("issued", o.issued())
                    .append("status", o.status()));
        }
        return new Document(ID, test.id())
                .append(PATIENT_ID, test.patientId())
                .append(TestResultInput.PERFORMER, test.details().performer())
                .append(TestResultInput.ORDER_REFERENCE, test.details().orderReference())
                .append(TestResultInput.OBSERVATIONS, observations)
                .append(LAST_UPDATED, Date.from(test.lastUpdated()))
                .append(VERSION, test.version());
    }

    static TestResult toTestResult(Document doc) {
        StoredDocuments.allowOnly(doc, FIELDS, WHAT);
        if (!(doc.get(TestResultInput.OBSERVATIONS) instanceof List<?> stored)) {
            throw StoredDocuments.malformed(WHAT, "has no observations array");
        }
        List<Observation> observations = new ArrayList<>();
        for (Object element : stored) {
            if (!(element instanceof Document o)) {
                throw StoredDocuments.malformed(WHAT, "has an observation that is not a document");
            }
            StoredDocuments.allowOnly(o, TestResultInput.OBSERVATION_FIELDS, WHAT + " observation");
            observations.add(new Observation(required(o, "id", WHAT), required(o, "code", WHAT),
                    required(o, "measurement", WHAT), required(o, "interpretation", WHAT),
                    required(o, "issued", WHAT), required(o, "status", WHAT)));
        }
        TestResultDetails details = new TestResultDetails(required(doc, TestResultInput.PERFORMER, WHAT),
                required(doc, TestResultInput.ORDER_REFERENCE, WHAT), observations);
        return new TestResult(required(doc, ID, WHAT), required(doc, PATIENT_ID, WHAT), details,
                StoredDocuments.date(doc, LAST_UPDATED, WHAT).toInstant(), StoredDocuments.number(doc, VERSION, WHAT));
    }
}
