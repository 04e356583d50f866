package org.auditedrecords.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.CompactRange;
import org.auditedrecords.audit.log.SignedNote;
import org.auditedrecords.audit.log.Witness;

/**
 * Seals appended records: for each log with new leaves, extends the tree it last signed, signs a checkpoint of the
 * new size, hands it to the witness and only then stores it beside the records, so every stored checkpoint is
 * witnessed. Run every {@link RegisterSettings#checkpointInterval()}, on demand (a proof of a record not yet
 * covered) and at shutdown, so that a clean stop leaves no acknowledged record unsealed. A failure, a retired
 * signing key version included, leaves the leaves pending for the next run and nothing witnessed or stored.
 */
final class Checkpointer {
    private final AuditLedger ledger;
    private final LogWriter writer;
    private final CheckpointSigner signer;
    private final Witness witness;
    private final Clock clock;
    private final RegisterSettings settings;

    Checkpointer(AuditLedger ledger, LogWriter writer, CheckpointSigner signer, Witness witness, Clock clock,
                 RegisterSettings settings) {
        this.ledger = ledger;
        this.writer = writer;
        this.signer = signer;
        this.witness = witness;
        this.clock = clock;
        this.settings = settings;
    }

    /** Cuts a checkpoint for every log with unsealed leaves; returns how many logs failed to be sealed. */
    synchronized int cut() {
        int failures = 0;
        for (OpenLog log : writer.logs()) {
            try {
                seal(log);
            } catch (RuntimeException e) {
                failures++;
                writer.logFailure("Could not seal audit log " + log.id + "; its records stay pending for the next checkpoint", e);
            }
        }
        return failures;
    }

    private void seal(OpenLog log) {
        OpenLog.Unsealed unsealed = log.unsealed();
        if (unsealed.leafHashes().isEmpty()) {
            writer.sealedCompletely(log);
            return;
        }
        CompactRange range = log.sealed.copy();
        unsealed.leafHashes().forEach(range::append);
        Checkpoint checkpoint = new Checkpoint(settings.origin(log.id), range.size(), range.root(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String note = SignedNote.sign(checkpoint, signer);
        witness.publish(log.id, range.size(), note);
        ledger.saveCheckpoint(new StoredCheckpoint(log.id, range.size(), note));
        log.sealed = range;
        log.sealed(unsealed.leafHashes().size());
    }
}
