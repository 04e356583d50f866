package org.auditedrecords.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.Rfc6962;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.errors.ValidationException;

/**
 * Builds inclusion and consistency proofs from the stored leaf hashes, and checks each against its signed
 * checkpoint before answering, so {@code verified} says whether the store still backs what it signed. Cost grows
 * with the log's size, which the epoch bounds, not with the register's.
 */
final class Proofs {
    private final AuditLedger ledger;
    private final Supplier<KeyRing> keys;
    private final RegisterSettings settings;
    private final Runnable sealNow;

    Proofs(AuditLedger ledger, Supplier<KeyRing> keys, RegisterSettings settings, Runnable sealNow) {
        this.ledger = ledger;
        this.keys = keys;
        this.settings = settings;
        this.sealNow = sealNow;
    }

    RecordProof inclusion(String id) {
        StoredLeaf leaf = ledger.find(id).orElseThrow(() -> new NotFoundException("No audit record has this id."));
        AuditRecord record = leaf.parsed().orElseThrow(() -> new NotFoundException("No audit record has this id."));
        String log = record.position().log();
        long index = record.position().index();
        Optional<StoredCheckpoint> latest = ledger.latestCheckpoint(log).filter(c -> c.size() > index);
        if (latest.isEmpty()) {
            sealNow.run();
            latest = ledger.latestCheckpoint(log).filter(c -> c.size() > index);
        }
        StoredCheckpoint stored = latest.orElseThrow(() -> new DependencyUnavailableException(
                "The audit record is not yet covered by a checkpoint; retry shortly"));
        KeyRing.Verified signed = keys.get().verify(stored.note());
        List<byte[]> hashes = ledger.leafHashes(log, stored.size());
        Checkpoint checkpoint = signed.valid() ? signed.checkpoint() : parseUnsigned(stored);
        if (hashes.size() != stored.size()) {
            return new RecordProof(record, log, index, stored.size(), List.of(), stored.note(), checkpoint, false);
        }
        List<byte[]> path = Rfc6962.inclusionProof(index, hashes);
        boolean verified = signed.valid() && matches(signed.checkpoint(), log, stored.size())
                && Rfc6962.verifyInclusion(index, stored.size(), RecordJson.leafHash(record), path, signed.checkpoint().rootHash());
        return new RecordProof(record, log, index, stored.size(), path, stored.note(), checkpoint, verified);
    }

    ConsistencyProof consistency(String log, long fromSize, Optional<Long> toSize) {
        long to = toSize.orElseGet(() -> ledger.latestCheckpoint(log).map(StoredCheckpoint::size)
                .orElseThrow(() -> new NotFoundException("No checkpoint of this log is stored.")));
        if (fromSize < 0 || fromSize > to) {
            throw ValidationException.of("from", "must be between 0 and the size proven to (" + to + ")");
        }
        List<byte[]> hashes = ledger.leafHashes(log, to);
        if (hashes.size() != to) {
            throw new NotFoundException("The log does not hold " + to + " records.");
        }
        List<byte[]> proof = Rfc6962.consistencyProof(fromSize, hashes);
        Optional<StoredCheckpoint> from = ledger.checkpoint(log, fromSize);
        Optional<StoredCheckpoint> target = ledger.checkpoint(log, to);
        boolean verified = false;
        if (from.isPresent() && target.isPresent()) {
            KeyRing ring = keys.get();
            KeyRing.Verified a = ring.verify(from.get().note());
            KeyRing.Verified b = ring.verify(target.get().note());
            verified = a.valid() && b.valid() && matches(a.checkpoint(), log, fromSize) && matches(b.checkpoint(), log, to)
                    && Rfc6962.verifyConsistency(fromSize, to, a.checkpoint().rootHash(), b.checkpoint().rootHash(), proof);
        }
        return new ConsistencyProof(log, fromSize, to, proof, from.map(StoredCheckpoint::note).orElse(null),
                target.map(StoredCheckpoint::note).orElse(null), verified);
    }

    private boolean matches(Checkpoint checkpoint, String log, long size) {
        return checkpoint.origin().equals(settings.origin(log)) && checkpoint.size() == size;
    }

    /** The checkpoint as its text says, for display, when its signature does not verify. */
    private static Checkpoint parseUnsigned(StoredCheckpoint stored) {
        try {
            return Checkpoint.parse(org.auditedrecords.audit.log.SignedNote.parse(stored.note()).text());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
