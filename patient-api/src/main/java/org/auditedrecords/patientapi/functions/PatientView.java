package org.auditedrecords.patientapi.functions;

import org.auditedrecords.common.time.Timestamps;
import org.auditedrecords.patient.Patient;
import org.auditedrecords.patient.PatientDetails;

/** The JSON shape of a patient in responses (SYSTEM.md §3); absent optional fields are left out. */
record PatientView(String id, String firstName, String lastName, String fullName, String gender, String dateOfBirth,
                   String postCode, String insuranceNumber, String preferredContactNumber, String lastUpdated) {

    static PatientView of(Patient patient) {
        PatientDetails d = patient.details();
        return new PatientView(patient.id(), d.firstName(), d.lastName(), d.fullName(), d.gender(),
                d.dateOfBirth().text(), d.postCode(), d.insuranceNumber(), d.preferredContactNumber(),
                Timestamps.format(patient.lastUpdated()));
    }
}
