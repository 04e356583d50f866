package org.auditedrecords.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Appends records as leaves of this process's open logs: one insert per append, no head document, no signature.
 * Record ids are time-ordered ({@link RecordIds}).
 * The checkpointer seals what was appended.
 */
final class LogWriter {
    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());

    private final AuditLedger ledger;
    private final Clock clock;
    private final RegisterSettings settings;
    private final LogSlots slots;
    private final ConcurrentLinkedQueue<OpenLog> closing = new ConcurrentLinkedQueue<>();

    LogWriter(AuditLedger ledger, Clock clock, RegisterSettings settings) {
        this.ledger = ledger;
        this.clock = clock;
        this.settings = settings;
        this.slots = new LogSlots(settings.logs());
    }

    /**
     * Appends an entry as the next leaf of a log and returns the stored record. It returns only once the record is
     * durably stored; it is then sealed by the next checkpoint. Throws DependencyUnavailableException if the store
     * fails; the slot then checks, before its next append, whether that record was stored after all, so a leaf
     * index is never skipped nor used twice.
     */
    AuditRecord append(AuditEntry entry) {
        LogSlots.Slot slot = slots.acquire();
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            resolveUncertain(slot);
            String epoch = settings.epochKey(now);
            if (slot.log == null || !epoch.equals(slot.epoch)) {
                open(slot, epoch);
            }
            AuditRecord record = new AuditRecord(RecordIds.next(now), now, entry,
                    new AuditRecord.Position(slot.log.id, slot.log.size()));
            byte[] leafHash = RecordJson.leafHash(record);
            try {
                ledger.append(record);
            } catch (AuditLedger.LeafTakenException taken) {
                // Someone wrote into this process's own log without going through it: keep what is ours sealed
                // and move on; verification reports the foreign leaf once the sealing window has passed.
                LOG.warning("Log " + slot.log.id + " holds a leaf this process did not write; opening a new log");
                open(slot, epoch);
                record = new AuditRecord(record.id(), now, entry, new AuditRecord.Position(slot.log.id, 0));
                leafHash = RecordJson.leafHash(record);
                ledger.append(record);
            } catch (RuntimeException unknownOutcome) {
                slot.uncertain = record;
                slot.uncertainHash = leafHash;
                throw unknownOutcome;
            }
            slot.log.appended(leafHash);
            return record;
        } finally {
            slots.release(slot);
        }
    }

    private void resolveUncertain(LogSlots.Slot slot) {
        if (slot.uncertain == null) {
            return;
        }
        AuditRecord.Position at = slot.uncertain.position();
        Optional<StoredLeaf> stored = ledger.leaf(at.log(), at.index());
        if (stored.isPresent() && slot.uncertain.id().equals(stored.get().id())) {
            slot.log.appended(slot.uncertainHash);
        }
        slot.uncertain = null;
        slot.uncertainHash = null;
    }

    private void open(LogSlots.Slot slot, String epoch) {
        if (slot.log != null) {
            closing.add(slot.log);
        }
        OpenLog log = new OpenLog(LogSlots.newLogId(epoch));
        ledger.openLog(log.id);
        slot.log = log;
        slot.epoch = epoch;
    }

    /** Every log with records that may still need sealing: the slots' current logs and the ones they left. */
    List<OpenLog> logs() {
        List<OpenLog> logs = new ArrayList<>(closing);
        for (LogSlots.Slot slot : slots.all()) {
            OpenLog log = slot.log;
            if (log != null) {
                logs.add(log);
            }
        }
        return logs;
    }

    /** Forgets a left log once a checkpoint covers all of it. */
    void sealedCompletely(OpenLog log) {
        closing.remove(log);
    }

    void logFailure(String what, RuntimeException e) {
        LOG.log(Level.WARNING, what, e);
    }
}
