package org.auditedrecords.audit.log;

import java.util.Map;

/**
 * Where every signed checkpoint is also kept, outside the audit database and beyond the reach of whoever can write
 * to it: in Azure an immutable (WORM) Blob container, locally an append-only directory. Verification proves that
 * the stored logs extend the newest checkpoint the witness holds, so a rolled-back, truncated or restored store is
 * caught even when its own checkpoints were rolled back with it.
 */
public interface Witness {

    /**
     * Keeps the note of checkpoint {@code (log, size)} for good; durable when it returns. Publishing the same note
     * again is a no-op; nothing stored is ever replaced.
     *
     * @throws WitnessConflictException when a different note is already held for that log and size (a fork)
     */
    void publish(String log, long size, String note);

    /** The note of the largest witnessed checkpoint of each log whose id starts with {@code logPrefix}. */
    Map<String, String> newest(String logPrefix);

    /** Another note is already held for that log and size: two different trees were signed at one size. */
    final class WitnessConflictException extends RuntimeException {
        public WitnessConflictException(String log, long size) {
            super("The witness already holds a different checkpoint of log " + log + " at size " + size);
        }
    }
}
