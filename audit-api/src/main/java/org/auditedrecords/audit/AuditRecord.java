package org.auditedrecords.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the audit register, as stored. {@code id}, {@code recordedAt} and the {@link Seal} are set by the
 * register; everything else comes from the caller's {@link AuditEntry}.
 */
public record AuditRecord(String id, Instant recordedAt, AuditEntry entry, Seal seal) {

    /**
     * Where the record sits in its hash chain and the proof that it belongs there.
     *
     * @param chain      which of the register's independent chains holds it
     * @param seq        its position in that chain, from 1, without gaps
     * @param prevHash   the hash of the previous record of the chain ({@link ChainLink#GENESIS_HASH} for the first)
     * @param hash       SHA-256 over the canonical form of everything else (see {@link Canonical})
     * @param keyVersion the version of the signing key used for {@code signature}
     * @param signature  HMAC-SHA256 of {@code hash} with the vault-held signing key
     */
    public record Seal(int chain, long seq, String prevHash, String hash, String keyVersion, String signature) {
    }

    /** The record's link, as the next record of its chain refers to it. */
    public ChainLink link() {
        return new ChainLink(seal.chain(), seal.seq(), seal.hash());
    }

    public String patientId() {
        return entry.patientId();
    }

    /** Convenience for views: the query criteria, never null. */
    public Map<String, String> query() {
        return entry.query() == null ? Map.of() : entry.query();
    }
}
