package org.auditedrecords.audit;

import java.util.List;

/** The outcome of walking every chain of the register. */
public record VerificationReport(boolean intact, long records, String verifiedAt, List<ChainReport> chains) {

    /**
     * @param sealedSeq   the sequence the chain's signed head vouches for (-1 when the head is missing)
     * @param firstBroken the first problem found in the chain, or null when it is intact
     */
    public record ChainReport(int chain, long records, long sealedSeq, boolean intact, Break firstBroken) {
    }

    /** Where a chain first fails: the record (when there is one), its sequence and why. */
    public record Break(String recordId, Long seq, String reason) {
    }
}
