package org.auditedrecords.patient;

import java.util.Objects;

/**
 * What a client says about a patient: every field but the server's ({@code id}, {@code lastUpdated}). Validated by
 * {@link PatientInput}; optional fields are null when absent.
 *
 * @param gender one of {@link PatientInput#GENDERS}
 */
public record PatientDetails(String firstName, String lastName, String fullName, String gender,
                             DateOfBirth dateOfBirth, String postCode, String insuranceNumber,
                             String preferredContactNumber) {

    public PatientDetails {
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(postCode, "postCode");
    }
}
