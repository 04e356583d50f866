package org.auditedrecords.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * The tamper-evident audit register: appends records to hash chains, answers queries, verifies integrity.
 * There is deliberately no update or delete.
 */
public final class AuditRegister {
    private static final Logger LOG = Logger.getLogger(AuditRegister.class.getName());
    /** Conflicts only come from other instances appending to the same chain; with back-off a few dozen suffice. */
    private static final int MAX_CONFLICT_RETRIES = 64;

    private final AuditLedger ledger;
    private final ChainSigner signer;
    private final Clock clock;
    private final ChainLocks chains;

    public AuditRegister(AuditLedger ledger, ChainSigner signer, Clock clock, int chainCount) {
        if (chainCount < 1) {
            throw new IllegalArgumentException("chainCount must be at least 1");
        }
        this.ledger = ledger;
        this.signer = signer;
        this.clock = clock;
        this.chains = new ChainLocks(chainCount);
    }

    /**
     * Seals a genesis head for every configured chain that has none, so that verify can tell a chain deleted
     * whole from one never written. Idempotent; call once at start-up.
     */
    public void initialize() {
        for (int chain = 0; chain < chains.size(); chain++) {
            ledger.sealIfAbsent(head(ChainLink.genesis(chain)));
        }
    }

    public int chainCount() {
        return chains.size();
    }

    /**
     * Appends an entry and returns the stored record; throws DependencyUnavailableException if it cannot. A
     * conflict means another instance appended to the same chain first: the writer backs off briefly and tries
     * again, possibly on another chain, so instances spread out instead of fighting over one tip.
     */
    public AuditRecord append(AuditEntry entry) {
        for (int attempt = 1; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
            Optional<AuditRecord> appended = tryAppend(entry);
            if (appended.isPresent()) {
                return appended.get();
            }
            backOff(attempt);
        }
        throw new DependencyUnavailableException("The audit register stayed contended after "
                + MAX_CONFLICT_RETRIES + " attempts");
    }

    private Optional<AuditRecord> tryAppend(AuditEntry entry) {
        int chain = chains.acquire();
        try {
            ChainLink last = chains.lastLink(chain)
                    .orElseGet(() -> ledger.lastLink(chain).orElse(ChainLink.genesis(chain)));
            AuditRecord record = seal(entry, last);
            try {
                ledger.append(record);
            } catch (ChainConflictException conflict) {
                chains.forget(chain);
                return Optional.empty();
            } catch (RuntimeException unknownOutcome) {
                // The insert may or may not have happened; re-read the tip next time.
                chains.forget(chain);
                throw unknownOutcome;
            }
            chains.remember(record.link());
            sealHead(record.link());
            return Optional.of(record);
        } finally {
            chains.release(chain);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(2L * attempt, 50L) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Interrupted while appending to the audit register");
        }
    }

    public Optional<AuditRecord> find(String id) {
        return ledger.find(id);
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

    public VerificationReport verify() {
        return new ChainVerifier(ledger, signer, chains.size(), clock).verify();
    }

    private AuditRecord seal(AuditEntry entry, ChainLink last) {
        String id = UUID.randomUUID().toString();
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long seq = last.seq() + 1;
        String hash = Canonical.hash(Canonical.text(id, recordedAt, entry, last.chain(), seq, last.hash()));
        ChainSigner.Signature signature = signer.sign(ChainSigner.recordData(hash));
        return new AuditRecord(id, recordedAt, entry,
                new AuditRecord.Seal(last.chain(), seq, last.hash(), hash, signature.keyVersion(), signature.value()));
    }

    /**
     * Moves the signed head forward. The record is already durable and individually signed, so a failure here
     * only delays the head until the chain's next append; it does not fail the append.
     */
    private void sealHead(ChainLink link) {
        try {
            ledger.seal(head(link));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not advance the head of audit chain " + link.chain()
                    + " to sequence " + link.seq() + "; the next append will", e);
        }
    }

    private ChainHead head(ChainLink link) {
        ChainSigner.Signature signature = signer.sign(ChainSigner.headData(link.chain(), link.seq(), link.hash()));
        return new ChainHead(link.chain(), link.seq(), link.hash(), signature.keyVersion(), signature.value(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }
}
