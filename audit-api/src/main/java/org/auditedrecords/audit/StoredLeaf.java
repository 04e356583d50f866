package org.auditedrecords.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * A record as read back from the store or an export: parsed, or the reason it could not be; with the leaf hash
 * stored beside it, which verification compares with the one recomputed from the content.
 *
 * @param log        null when the stored position is unreadable
 * @param index      -1 when the stored position is unreadable
 * @param record     null when the record is malformed
 * @param storedHash null when no well-formed leaf hash is stored
 */
public record StoredLeaf(String id, String log, long index, AuditRecord record, byte[] storedHash, String problem) {

    public Optional<AuditRecord> parsed() {
        return Optional.ofNullable(record);
    }

    /** Whether the stored leaf hash is the one the content gives. */
    public boolean hashMatches(byte[] computed) {
        return storedHash != null && Arrays.equals(storedHash, computed);
    }
}
