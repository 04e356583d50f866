package org.auditedrecords.audit;

import java.util.List;
import org.auditedrecords.audit.log.Checkpoint;

/**
 * A record's inclusion proof (RFC 6962 PATH, sibling hashes from the leaf up) against a signed checkpoint of its log.
 *
 * @param verified the server checked the checkpoint's signature and the proof from the record's recomputed leaf
 *                 hash to the checkpoint's root
 */
public record RecordProof(AuditRecord record, String log, long leafIndex, long treeSize, List<byte[]> inclusionProof,
                          String checkpointNote, Checkpoint checkpoint, boolean verified) {
}
