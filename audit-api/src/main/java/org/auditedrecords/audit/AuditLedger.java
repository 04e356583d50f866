package org.auditedrecords.audit;

import java.util.List;
import java.util.Optional;

/**
 * Where the register keeps its logs: records (the leaves), the checkpoints cut over them, the list of logs, and
 * the verifier's own progress (the Mongo adapter in production, fakes in unit tests). Implementations translate
 * store failures to {@code DependencyUnavailableException} and retry throttling per call, so a walk made of calls
 * never replays a page into its caller.
 */
public interface AuditLedger {

    /** Records that log {@code log} exists, so that a log whose records and checkpoints were all deleted is missed. */
    void openLog(String log);

    /**
     * Stores a record at its position, with its leaf hash ({@link RecordJson}). Durable when it returns.
     *
     * @throws LeafTakenException when the log already holds a leaf at that index
     */
    void append(AuditRecord record);

    Optional<StoredLeaf> find(String id);

    Optional<StoredLeaf> leaf(String log, long index);

    /** Up to {@code limit} records matching {@code query}, in its order, after its cursor. */
    List<AuditRecord> query(AuditQuery query, int limit);

    /** Up to {@code limit} leaves of a log with index {@code >= fromIndex}, in index order, as stored. */
    List<StoredLeaf> leaves(String log, long fromIndex, int limit);

    /** How many leaves the log holds. */
    long leafCount(String log);

    /** The stored leaf hashes of leaves {@code [0, size)} in index order (fewer when leaves are missing). */
    List<byte[]> leafHashes(String log, long size);

    /** Stores a signed checkpoint; storing the same one again is a no-op. */
    void saveCheckpoint(StoredCheckpoint checkpoint);

    /** The stored checkpoints of a log of size {@code fromSize} or more, smallest first, as stored (they are verified by the reader). */
    List<StoredCheckpoint> checkpoints(String log, long fromSize);

    /** The largest stored checkpoint of a log. */
    Optional<StoredCheckpoint> latestCheckpoint(String log);

    /** The stored checkpoint of a log at exactly {@code size}, if any. */
    Optional<StoredCheckpoint> checkpoint(String log, long size);

    /** The largest stored checkpoint of each log with id greater than {@code afterLog} (null: from the first), by log id. */
    List<StoredCheckpoint> newestCheckpoints(String afterLog, int limit);

    /** Every log id the store knows of (opened, holding records or checkpoints), from {@code fromLog} on, sorted. */
    List<String> logs(String fromLog);

    Optional<VerifiedPrefix> verifiedPrefix(String log);

    void saveVerifiedPrefix(VerifiedPrefix prefix);

    Optional<FullVerification> fullVerification();

    void saveFullVerification(FullVerification status);

    /** The log already has a leaf at that index: someone else wrote into a log only this writer appends to. */
    final class LeafTakenException extends RuntimeException {
        public LeafTakenException(String log, long index) {
            super("Log " + log + " already holds a leaf at index " + index);
        }
    }
}
