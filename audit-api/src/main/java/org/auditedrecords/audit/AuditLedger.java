package org.auditedrecords.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the register keeps its records and chain heads (the Mongo adapter in production, fakes in unit tests).
 * Implementations translate store failures to {@code DependencyUnavailableException}.
 */
public interface AuditLedger {

    /** The last record of a chain, or empty when the chain has none. */
    Optional<ChainLink> lastLink(int chain);

    /**
     * Stores a sealed record.
     *
     * @throws ChainConflictException when the chain already has a record at that sequence
     */
    void append(AuditRecord record);

    /** Stores {@code head} unless the stored head of its chain is already at or beyond its sequence. */
    void seal(ChainHead head);

    /** Stores {@code head} only when its chain has no head yet. */
    void sealIfAbsent(ChainHead head);

    List<ChainHead> heads();

    /** The distinct chains that hold records. */
    List<Integer> chainsWithRecords();

    Optional<AuditRecord> find(String id);

    /** Up to {@code limit} records matching {@code query}, in its order, after its cursor. */
    List<AuditRecord> query(AuditQuery query, int limit);

    /** Streams a chain's stored records in sequence order, as they are, including ones that no longer parse. */
    void walk(int chain, Consumer<StoredRecord> visitor);

    /** A record as read back for verification: either parsed, or the reason it could not be. */
    record StoredRecord(String id, AuditRecord record, String malformedReason) {
    }
}
