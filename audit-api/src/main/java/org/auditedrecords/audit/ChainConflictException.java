package org.auditedrecords.audit;

/** Another writer appended to the chain first; the append is retried on the new tip. */
public final class ChainConflictException extends RuntimeException {
    public ChainConflictException(int chain, long seq) {
        super("Chain " + chain + " already has a record at sequence " + seq);
    }
}
