package org.auditedrecords.audit;

/** The tip of a chain as a writer sees it: the next record gets {@code seq + 1} and {@code prevHash = hash}. */
public record ChainLink(int chain, long seq, String hash) {
    /** The {@code prevHash} of every chain's first record. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public static ChainLink genesis(int chain) {
        return new ChainLink(chain, 0, GENESIS_HASH);
    }
}
