package org.auditedrecords.patient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Patients to test with, and the fixed time they are tested at. */
public final class PatientSamples {
    /** 15 June 2025, with sub-millisecond digits the service must drop. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T10:00:00.123456Z"), ZoneOffset.UTC);
    public static final Instant NOW_MILLIS = Instant.parse("2025-06-15T10:00:00.123Z");

    private PatientSamples() {
    }

    public static PatientDetails ada() {
        return new PatientDetails("Ada", "Lovelace", "Augusta Ada King", "female", born("1815-12-10"), "W1 2AB",
                "INS-1815", "+44 20 7946 0000");
    }

    public static PatientDetails alan() {
        return new PatientDetails("Alan", "Turing", null, "male", born("1912-06"), "SK9 1AA", null, null);
    }

    public static Patient stored(String id, PatientDetails details, long version) {
        return new Patient(id, details, Instant.parse("2025-01-01T00:00:00Z"), version);
    }

    public static DateOfBirth born(String text) {
        return DateOfBirth.parse(text).orElseThrow();
    }
}
