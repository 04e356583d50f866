package org.auditedrecords.audittrail;

/** What was done, in the audit register's vocabulary (SYSTEM.md §4). */
public enum AuditAction {
    CREATE("create"), READ("read"), UPDATE("update"), SEARCH("search");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    /** The value the register stores. */
    public String wire() {
        return wire;
    }
}
