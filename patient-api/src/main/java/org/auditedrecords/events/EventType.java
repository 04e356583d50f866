package org.auditedrecords.events;

/**
 * The events the Patient API derives from its committed writes (SYSTEM.md §7), by their CloudEvents {@code type}.
 * Subscriptions filter on these strings, so they are part of the contract: never rename one.
 */
public enum EventType {
    PATIENT_CREATED("org.auditedrecords.PatientCreated"),
    PATIENT_UPDATED("org.auditedrecords.PatientUpdated"),
    TEST_RESULT_RECORDED("org.auditedrecords.TestResultRecorded"),
    TEST_RESULT_UPDATED("org.auditedrecords.TestResultUpdated");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The CloudEvents {@code type} attribute. */
    public String wire() {
        return wire;
    }

    public static EventType fromWire(String wire) {
        for (EventType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown event type " + wire);
    }
}
