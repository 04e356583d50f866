package org.auditedrecords.patientapi.store;

import static org.auditedrecords.patientapi.store.StoredDocuments.ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.LAST_UPDATED;
import static org.auditedrecords.patientapi.store.StoredDocuments.PATIENT_ID;
import static org.auditedrecords.patientapi.store.StoredDocuments.VERSION;
import static org.auditedrecords.patientapi.store.StoredDocuments.optional;
import static org.auditedrecords.patientapi.store.StoredDocuments.put;
import static org.auditedrecords.patientapi.store.StoredDocuments.required;

import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.auditedrecords.patient.DateOfBirth;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patient.PatientDetails;
import org.auditedrecords.patient.PatientInput;
import org.auditedrecords.patient.ServerFields;
import org.bson.Document;

/**
 * Maps patients to documents of the {@code patients} collection and back:
 * {@code {_id: id, patientId: id, ...fields, dateOfBirthStart, dateOfBirthEnd, lastUpdated, version, outbox}}.
 * {@code patientId} repeats the id because it is the shard key; {@code dateOfBirthStart}/{@code End} are the first
 * and last day of the period the date of birth stands for, as {@code YYYY-MM-DD} text (which sorts by date), so a
 * range search is two indexed comparisons.
 */
final class PatientDocuments {
    static final String DATE_OF_BIRTH_START = "dateOfBirthStart";
    static final String DATE_OF_BIRTH_END = "dateOfBirthEnd";
    /** The fields a search can match exactly, as the stored field each criterion is matched against. */
    static final Map<String, String> SEARCHABLE = Map.of(
            ServerFields.ID, ID,
            PatientInput.FIRST_NAME, PatientInput.FIRST_NAME,
            PatientInput.LAST_NAME, PatientInput.LAST_NAME,
            PatientInput.FULL_NAME, PatientInput.FULL_NAME,
            PatientInput.GENDER, PatientInput.GENDER,
            PatientInput.DATE_OF_BIRTH, PatientInput.DATE_OF_BIRTH,
            PatientInput.POST_CODE, PatientInput.POST_CODE,
            PatientInput.INSURANCE_NUMBER, PatientInput.INSURANCE_NUMBER,
            PatientInput.PREFERRED_CONTACT_NUMBER, PatientInput.PREFERRED_CONTACT_NUMBER);
    /** The fields a patient may lack: an update that leaves one out removes it. */
    static final Set<String> OPTIONAL_FIELDS = Set.of(PatientInput.LAST_NAME, PatientInput.FULL_NAME,
            PatientInput.INSURANCE_NUMBER, PatientInput.PREFERRED_CONTACT_NUMBER);
    private static final Set<String> FIELDS = Set.of(ID, PATIENT_ID, PatientInput.FIRST_NAME, PatientInput.LAST_NAME,
            PatientInput.FULL_NAME, PatientInput.GENDER, PatientInput.DATE_OF_BIRTH, DATE_OF_BIRTH_START,
            DATE_OF_BIRTH_END, PatientInput.POST_CODE, PatientInput.INSURANCE_NUMBER,
            PatientInput.PREFERRED_CONTACT_NUMBER, LAST_UPDATED, VERSION, OutboxDocuments.OUTBOX);
    private static final String WHAT = "patient";

    private PatientDocuments() {
    }

    static Document toDocument(Patient patient) {
        PatientDetails d = patient.details();
        Document doc = new Document(ID, patient.id()).append(PATIENT_ID, patient.id());
        doc.append(PatientInput.FIRST_NAME, d.firstName());
        put(doc, PatientInput.LAST_NAME, d.lastName());
        put(doc, PatientInput.FULL_NAME, d.fullName());
        doc.append(PatientInput.GENDER, d.gender())
                .append(PatientInput.DATE_OF_BIRTH, d.dateOfBirth().text())
                .append(DATE_OF_BIRTH_START, d.dateOfBirth().firstDay().toString())
                .append(DATE_OF_BIRTH_END, d.dateOfBirth().lastDay().toString())
                .append(PatientInput.POST_CODE, d.postCode());
        put(doc, PatientInput.INSURANCE_NUMBER, d.insuranceNumber());
        put(doc, PatientInput.PREFERRED_CONTACT_NUMBER, d.preferredContactNumber());
        return doc.append(LAST_UPDATED, Date.from(patient.lastUpdated())).append(VERSION, patient.version());
    }

    static Patient toPatient(Document doc) {
        StoredDocuments.allowOnly(doc, FIELDS, WHAT);
        String id = required(doc, ID, WHAT);
        if (!id.equals(doc.get(PATIENT_ID))) {
            throw StoredDocuments.malformed(WHAT, "has a patientId that differs from its _id");
        }
        DateOfBirth dateOfBirth = DateOfBirth.parse(required(doc, PatientInput.DATE_OF_BIRTH, WHAT))
                .orElseThrow(() -> StoredDocuments.malformed(WHAT, "has an invalid dateOfBirth"));
        PatientDetails details = new PatientDetails(required(doc, PatientInput.FIRST_NAME, WHAT),
                optional(doc, PatientInput.LAST_NAME, WHAT), optional(doc, PatientInput.FULL_NAME, WHAT),
                required(doc, PatientInput.GENDER, WHAT), dateOfBirth, required(doc, PatientInput.POST_CODE, WHAT),
                optional(doc, PatientInput.INSURANCE_NUMBER, WHAT),
                optional(doc, PatientInput.PREFERRED_CONTACT_NUMBER, WHAT));
        return new Patient(id, details, StoredDocuments.date(doc, LAST_UPDATED, WHAT).toInstant(),
                StoredDocuments.number(doc, VERSION, WHAT));
    }
}
