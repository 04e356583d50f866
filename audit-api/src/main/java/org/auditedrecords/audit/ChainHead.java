package org.auditedrecords.audit;

import java.time.Instant;

/**
 * The signed tip of a chain. Records are individually signed, so forging one needs the key; the head adds what a
 * record cannot prove about itself: how long the chain is, so that deleting its newest records is detected too.
 */
public record ChainHead(int chain, long seq, String hash, String keyVersion, String signature, Instant sealedAt) {
}
