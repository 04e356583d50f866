package org.auditedrecords.patient;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a patient search asks for; every criterion must hold, and no criteria at all lists every patient.
 *
 * <ul>
 *   <li>{@code exact}: field name to value, each an exact, case-sensitive match on that field of the patient, for
 *       any field but {@code lastUpdated} ({@code id} included). {@code dateOfBirth} matches the text as stored, so
 *       {@code 1980} finds patients stored with {@code 1980}, not those stored with {@code 1980-05-01}.</li>
 *   <li>{@code bornFrom} / {@code bornTo} (either may be absent): a patient matches when the period its date of birth
 *       stands for (see {@link DateOfBirth}) overlaps the range from {@code bornFrom}'s first day to {@code bornTo}'s
 *       last day, both inclusive. With {@code dateOfBirthFrom=1980}, a patient born {@code 1979-12-31} does not
 *       match, while one born in {@code 1980-12}, or known only as born in {@code 1980}, does; and one known only as
 *       born in {@code 1980} also matches {@code dateOfBirthFrom=1980-06-01, dateOfBirthTo=1980-06-30}, because
 *       they may have been born then.</li>
 * </ul>
 */
public record PatientCriteria(Map<String, String> exact, DateOfBirth bornFrom, DateOfBirth bornTo) {

    public PatientCriteria {
        exact = Map.copyOf(exact);
    }

    /** The first day of the range, when it has a lower bound: a patient's period must not end before it. */
    public Optional<LocalDate> earliestDay() {
        return Optional.ofNullable(bornFrom).map(DateOfBirth::firstDay);
    }

    /** The last day of the range, when it has an upper bound: a patient's period must not start after it. */
    public Optional<LocalDate> latestDay() {
        return Optional.ofNullable(bornTo).map(DateOfBirth::lastDay);
    }

    /**
     * Every criterion as text, by name as the client sent it: what the audit entry of the search records and what
     * a continuation token is bound to.
     */
    public Map<String, String> asQuery() {
        Map<String, String> query = new TreeMap<>(exact);
        if (bornFrom != null) {
            query.put(PatientInput.DATE_OF_BIRTH_FROM, bornFrom.text());
        }
        if (bornTo != null) {
            query.put(PatientInput.DATE_OF_BIRTH_TO, bornTo.text());
        }
        return query;
    }
}
