package org.auditedrecords.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.KeyVersion;
import org.auditedrecords.audit.log.Witness;

/**
 * The tamper-evident audit register: records are leaves of append-only Merkle logs (RFC 6962), sealed by signed
 * checkpoints (C2SP tlog-checkpoint, ES256) that a witness outside the database also keeps. It appends, answers
 * queries and proofs, and verifies. There is deliberately no update or delete.
 *
 * <p>{@link #start()} runs the checkpointer every {@link RegisterSettings#checkpointInterval()} and the full
 * re-verification every {@link RegisterSettings#fullVerificationInterval()} on one background thread (in Azure a
 * timer trigger runs the latter instead, through {@link #verifyAllIfDue});
 * {@link #close()} stops them after sealing every acknowledged record.
 */
public final class AuditRegister implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditRegister.class.getName());

    private final AuditLedger ledger;
    private final CheckpointSigner signer;
    private final RegisterSettings settings;
    private final LogWriter writer;
    private final Checkpointer checkpointer;
    private final Proofs proofs;
    private final RegisterVerifier verifier;
    private final Clock clock;
    private ScheduledExecutorService background;

    public AuditRegister(AuditLedger ledger, CheckpointSigner signer, Witness witness, Clock clock,
                         RegisterSettings settings) {
        this.ledger = ledger;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
        this.writer = new LogWriter(ledger, clock, settings);
        this.checkpointer = new Checkpointer(ledger, writer, signer, witness, clock, settings);
        this.proofs = new Proofs(ledger, this::keyRing, settings, checkpointer::cut);
        this.verifier = new RegisterVerifier(ledger, witness, this::keyRing, settings, clock);
    }

    /** Starts sealing and background full verification; idempotent. */
    public synchronized AuditRegister start() {
        return start(true);
    }

    /**
     * Starts sealing, and the background full verification unless something else schedules it (Azure's timer
     * trigger calls {@link #verifyAllIfDue}); idempotent.
     */
    public synchronized AuditRegister start(boolean fullVerificationThread) {
        if (background == null) {
            background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "audit-register");
                thread.setDaemon(true);
                return thread;
            });
            long interval = settings.checkpointInterval().toMillis();
            background.scheduleWithFixedDelay(this::sealQuietly, interval, interval, TimeUnit.MILLISECONDS);
            if (fullVerificationThread) {
                long full = settings.fullVerificationInterval().toMillis();
                background.scheduleWithFixedDelay(this::verifyAllQuietly, full, full, TimeUnit.MILLISECONDS);
            }
        }
        return this;
    }

    public RegisterSettings settings() {
        return settings;
    }

    /**
     * Appends an entry and returns the stored record, durable once this returns; a checkpoint covers it within
     * {@link RegisterSettings#checkpointInterval()} (plus the time to cut one). Throws
     * DependencyUnavailableException if it cannot be stored, and then nothing was stored.
     */
    public AuditRecord append(AuditEntry entry) {
        return writer.append(entry);
    }

    /**
     * Cuts a signed, witnessed checkpoint now for every log of this process with unsealed records.
     *
     * @return how many logs could not be sealed (their records stay pending for the next cut)
     */
    public int seal() {
        return checkpointer.cut();
    }

    public Optional<AuditRecord> find(String id) {
        return ledger.find(id).flatMap(StoredLeaf::parsed);
    }

    /** One page of a query: up to {@code limit} records, and the cursor of the next page when there is one. */
    public record Page(List<AuditRecord> records, Optional<AuditQuery.Cursor> next) {
    }

    public Page query(AuditQuery query, int limit) {
        List<AuditRecord> found = ledger.query(query, limit + 1);
        if (found.size() <= limit) {
            return new Page(found, Optional.empty());
        }
        List<AuditRecord> page = found.subList(0, limit);
        AuditRecord last = page.get(limit - 1);
        return new Page(List.copyOf(page), Optional.of(new AuditQuery.Cursor(last.recordedAt(), last.id())));
    }

    /** The record's inclusion proof against the newest checkpoint of its log (sealing it first if needed). */
    public RecordProof proof(String id) {
        return proofs.inclusion(id);
    }

    public ConsistencyProof consistency(String log, long fromSize, Optional<Long> toSize) {
        return proofs.consistency(log, fromSize, toSize);
    }

    /** Every checkpoint of one log, smallest first. */
    public List<StoredCheckpoint> checkpoints(String log) {
        return ledger.checkpoints(log, 0);
    }

    /** The newest checkpoint of each log after {@code afterLog}, by log id. */
    public List<StoredCheckpoint> newestCheckpoints(String afterLog, int limit) {
        return ledger.newestCheckpoints(afterLog, limit);
    }

    /** The public keys a verifier needs, with their validity periods. */
    public List<KeyVersion> publicKeys() {
        return signer.publicKeys();
    }

    public KeyRing keyRing() {
        return new KeyRing(signer.keyName(), signer.publicKeys());
    }

    /** Incremental verification, bounded by {@link RegisterSettings#verifyBudget()}. */
    public VerificationReport verify() {
        return verifier.verifyRecent();
    }

    /** Runs (or resumes) the full re-verification to its end in the calling thread. */
    public FullVerification verifyAll() {
        return verifier.verifyAll(Instant.MAX);
    }

    /**
     * The scheduled full re-verification (the local thread and Azure's timer trigger both call this): when one is
     * due (none yet, one unfinished, or the last finished {@link RegisterSettings#fullVerificationInterval()} ago)
     * it runs or resumes it for at most {@code budget}, pausing after the last log finished in time.
     *
     * @return the run's status, or empty when none was due
     */
    public Optional<FullVerification> verifyAllIfDue(Duration budget) {
        if (!verifier.fullVerificationDue()) {
            return Optional.empty();
        }
        return Optional.of(verifier.verifyAll(clock.instant().plus(budget)));
    }

    public Optional<FullVerification> fullVerification() {
        return ledger.fullVerification();
    }

    private void sealQuietly() {
        try {
            checkpointer.cut();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sealing the audit logs failed; retrying at the next interval", e);
        }
    }

    private void verifyAllQuietly() {
        try {
            verifyAllIfDue(settings.fullVerificationInterval());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The full re-verification failed; it resumes at the next interval", e);
        }
    }

    /** Stops the background work, then seals every acknowledged record, as tessera does at shutdown. */
    @Override
    public synchronized void close() {
        if (background != null) {
            background.shutdownNow();
            try {
                background.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            background = null;
        }
        if (checkpointer.cut() > 0) {
            LOG.warning("Some audit records could not be sealed at shutdown; verification will report them");
        }
    }
}
