package org.auditedrecords.audittrail;

/** What kind of thing was touched, in the audit register's vocabulary (SYSTEM.md §4). */
public enum ResourceType {
    PATIENT("patient"), TEST("test"), PATIENT_SEARCH("patient-search");

    private final String wire;

    ResourceType(String wire) {
        this.wire = wire;
    }

    /** The value the register stores. */
    public String wire() {
        return wire;
    }
}
