package org.auditedrecords.audittrail;

/** How it went, in the audit register's vocabulary (SYSTEM.md §4). */
public enum AuditOutcome {
    /** A write is about to happen; recorded before it. */
    ATTEMPTED("attempted"),
    /** A read or search found what it looked for and returned it. */
    SUCCESS("success"),
    /** A read found nothing. */
    NOT_FOUND("notFound"),
    /** An operation failed; for writes the entry relates to the {@link #ATTEMPTED} one. */
    FAILED("failed"),
    /**
     * A create was answered from its idempotency record instead of writing again; the entry relates to the
     * {@link #ATTEMPTED} entry of the write it repeats the answer of.
     */
    REPLAYED("replayed");

    private final String wire;

    AuditOutcome(String wire) {
        this.wire = wire;
    }

    /** The value the register stores. */
    public String wire() {
        return wire;
    }
}
