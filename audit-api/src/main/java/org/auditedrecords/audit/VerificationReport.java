package org.auditedrecords.audit;

import java.util.List;

/**
 * The outcome of a verification of the register.
 *
 * @param intact           no log verified so far is broken, and the newest finished full re-verification found none
 * @param complete         every log due was walked to its end; false when the time budget ran out first (the next
 *                         call continues where this one stopped)
 * @param records          records walked by this call
 * @param fullVerification the state of the background full re-verification
 */
public record VerificationReport(boolean intact, String verifiedAt, boolean complete, long records,
                                 List<LogReport> logs, FullVerification fullVerification) {

    /**
     * One log's verdict.
     *
     * @param records        leaves walked in this verification
     * @param checkpointSize the size of the largest validly signed checkpoint (stored or witnessed), -1 when none
     * @param witnessedSize  the size of the newest checkpoint the witness holds, -1 when none
     * @param unsealed       records after the largest signed checkpoint (not yet covered by a signature)
     * @param firstBroken    the first problem found, or null when the log is intact
     */
    public record LogReport(String log, long records, long checkpointSize, long witnessedSize, long unsealed,
                            boolean intact, Break firstBroken) {
    }

    /** Where a log first fails: the record (when there is one), its leaf index (when known) and why. */
    public record Break(String recordId, Long leafIndex, String reason) {
    }
}
