package org.auditedrecords.audit;

import java.util.List;

/**
 * An RFC 6962 consistency proof that the first {@code fromSize} leaves of a log are a prefix of its first
 * {@code toSize}, with the signed checkpoints stored at those sizes (null where none is).
 *
 * @param verified both checkpoints are present and validly signed and the proof links their roots
 */
public record ConsistencyProof(String log, long fromSize, long toSize, List<byte[]> proof, String fromCheckpoint,
                               String toCheckpoint, boolean verified) {
}
