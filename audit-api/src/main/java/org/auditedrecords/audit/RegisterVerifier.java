package org.auditedrecords.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.auditedrecords.audit.log.CompactRange;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.Witness;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * Verifies the stored register with {@link LogWalk}: incrementally on request, and in full in the background.
 *
 * <p>Incremental verification covers the logs of the current and the previous epoch (every log still written or
 * just closed): each continues from its verified prefix, if that prefix is still vouched for by a signed
 * checkpoint, within {@link RegisterSettings#verifyBudget()}; it also checks that the log's record count and the
 * witness's newest checkpoint agree with the walk. So it costs what was appended since the last call, whatever the
 * register's size. Older logs, and changes to records or checkpoints inside an already verified prefix, are the full
 * re-verification's: it walks every log the store or the witness knows from its first leaf, saving its progress
 * after each log.
 *
 * <p>Store reads are made page by page (the next pages read while one is checked), each page retried on throttling
 * by the ledger, so a throttled or interrupted walk never sees a record twice or out of order: it resumes, and it
 * never reports tampering that did not happen.
 */
final class RegisterVerifier {
    static final int PAGE = 1000;
    static final int READ_AHEAD = 4;
    private static final ExecutorService PAGES = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "audit-verify-pages");
        thread.setDaemon(true);
        return thread;
    });

    private final AuditLedger ledger;
    private final Witness witness;
    private final Supplier<KeyRing> keys;
    private final RegisterSettings settings;
    private final Clock clock;

    RegisterVerifier(AuditLedger ledger, Witness witness, Supplier<KeyRing> keys, RegisterSettings settings, Clock clock) {
        this.ledger = ledger;
        this.witness = witness;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    VerificationReport verifyRecent() {
        Instant now = clock.instant();
        Instant deadline = now.plus(settings.verifyBudget());
        String previous = settings.epochKey(now.minus(settings.epoch()));
        Map<String, String> witnessed = new TreeMap<>(witness.newest(previous));
        witnessed.putAll(witness.newest(settings.epochKey(now)));
        TreeSet<String> logs = new TreeSet<>(ledger.logs(previous));
        logs.addAll(witnessed.keySet());
        KeyRing ring = keys.get();
        List<VerificationReport.LogReport> reports = new ArrayList<>();
        boolean complete = true;
        long records = 0;
        for (String log : logs) {
            if (clock.instant().isAfter(deadline)) {
                complete = false;
                break;
            }
            Outcome outcome = verifyLog(ring, log, Optional.ofNullable(witnessed.get(log)), true, deadline);
            reports.add(outcome.report());
            records += outcome.report().records();
            complete &= outcome.complete();
        }
        Optional<FullVerification> full = ledger.fullVerification();
        boolean fullIntact = full.map(f -> !Boolean.FALSE.equals(f.intact()) && f.broken().isEmpty()).orElse(true);
        boolean intact = fullIntact && reports.stream().allMatch(VerificationReport.LogReport::intact);
        return new VerificationReport(intact, org.auditedrecords.common.time.Timestamps.format(clock.instant()),
                complete, records, List.copyOf(reports), full.orElse(null));
    }

    /**
     * Runs the full re-verification to its end, or until the store stops answering or {@code deadline} passes (it
     * then pauses, to resume after the last finished log on the next run). Starts a new run when the last one had
     * finished.
     */
    FullVerification verifyAll(Instant deadline) {
        FullVerification status = ledger.fullVerification()
                .filter(s -> !FullVerification.FINISHED.equals(s.status()))
                .map(s -> new FullVerification(FullVerification.RUNNING, s.startedAt(), null, s.logsTotal(),
                        s.logsDone(), s.records(), s.afterLog(), null, s.broken(), null))
                .orElseGet(() -> new FullVerification(FullVerification.RUNNING, now(), null, 0, 0, 0, null, null,
                        List.of(), null));
        try {
            Map<String, String> witnessed = witness.newest("");
            TreeSet<String> logs = new TreeSet<>(ledger.logs(null));
            logs.addAll(witnessed.keySet());
            status = withTotal(status, logs.size());
            ledger.saveFullVerification(status);
            KeyRing ring = keys.get();
            for (String log : status.afterLog() == null ? logs : logs.tailSet(status.afterLog(), false)) {
                if (clock.instant().isAfter(deadline)) {
                    status = paused(status, "the run's time budget ran out; the next run resumes after the last log it finished");
                    ledger.saveFullVerification(status);
                    return status;
                }
                VerificationReport.LogReport report = verifyLog(ring, log, Optional.ofNullable(witnessed.get(log)),
                        false, Instant.MAX).report();
                List<VerificationReport.LogReport> broken = new ArrayList<>(status.broken());
                if (!report.intact()) {
                    broken.add(report);
                }
                status = new FullVerification(FullVerification.RUNNING, status.startedAt(), null, status.logsTotal(),
                        status.logsDone() + 1, status.records() + report.records(), log, null, broken, null);
                ledger.saveFullVerification(status);
            }
            status = new FullVerification(FullVerification.FINISHED, status.startedAt(), now(), status.logsTotal(),
                    status.logsDone(), status.records(), status.afterLog(), status.broken().isEmpty(), status.broken(), null);
        } catch (DependencyUnavailableException e) {
            status = paused(status, e.getMessage());
        }
        ledger.saveFullVerification(status);
        return status;
    }

    private record Outcome(VerificationReport.LogReport report, boolean complete) {
    }

    private Outcome verifyLog(KeyRing ring, String log, Optional<String> witnessed, boolean incremental, Instant deadline) {
        // Continuing from a verified prefix needs only the checkpoints from its size on: those inside it were checked
        // when it was verified (and are the full re-verification's), so the cost is what was added since.
        Optional<CompactRange> prefix = incremental
                ? ledger.verifiedPrefix(log).map(p -> new CompactRange(p.size(), p.range())) : Optional.empty();
        LogWalk walk = walk(ring, log, prefix.map(CompactRange::size).orElse(0L), witnessed, !incremental);
        if (prefix.isPresent() && walk.authenticated(prefix.get())) {
            walk.resumeFrom(prefix.get());
        } else if (prefix.isPresent()) {
            walk = walk(ring, log, 0, witnessed, false);
        }
        long from = walk.size();
        // Counted before the walk: a record appended while it runs must not look like one added out of place.
        long stored = ledger.leafCount(log);
        // Pages are read ahead while one is checked, up to READ_AHEAD at once on their own connections, so the
        // store's encoding, the driver's decoding and the checking (canonical form, hashes) all overlap. Each page is
        // asked for where the one before it ends if the log is intact: a walk that is not broken has accepted exactly
        // the leaves from, from + 1, ..., so after a full page it stands where the next one starts, and it sees what
        // reading page after page would. Pages are read ahead only up to the count; past it (records appended
        // during the walk) they are read one at a time, so a log's end costs no reads that find nothing.
        ArrayDeque<CompletableFuture<List<StoredLeaf>>> ahead = new ArrayDeque<>();
        long requested = from;
        while (!walk.broken()) {
            if (clock.instant().isAfter(deadline)) {
                savePrefix(log, walk);
                return new Outcome(walk.report(), false);
            }
            while (ahead.isEmpty() || (ahead.size() < READ_AHEAD && requested < stored)) {
                ahead.add(page(log, requested));
                requested += PAGE;
            }
            List<StoredLeaf> page = join(ahead.poll());
            page.forEach(walk::accept);
            if (page.size() < PAGE) {
                break;
            }
        }
        VerificationReport.LogReport report = walk.finish(stored, clock.instant(), settings.sealingWindow());
        if (report.intact()) {
            savePrefix(log, walk);
        }
        return new Outcome(report, true);
    }

    private LogWalk walk(KeyRing ring, String log, long checkpointsFrom, Optional<String> witnessed, boolean everySignature) {
        return new LogWalk(log, settings.origin(log), ring, new CompactRange(), ledger.checkpoints(log, checkpointsFrom),
                witnessed, everySignature);
    }

    private CompletableFuture<List<StoredLeaf>> page(String log, long from) {
        return CompletableFuture.supplyAsync(() -> ledger.leaves(log, from, PAGE), PAGES);
    }

    /** The page, or what reading it threw (a store that stayed unavailable through the ledger's retries). */
    private static List<StoredLeaf> join(CompletableFuture<List<StoredLeaf>> page) {
        try {
            return page.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void savePrefix(String log, LogWalk walk) {
        CompactRange prefix = walk.lastAuthenticated();
        if (!walk.broken() && prefix.size() > 0) {
            ledger.saveVerifiedPrefix(new VerifiedPrefix(log, prefix.size(), prefix.hashes()));
        }
    }

    private static FullVerification paused(FullVerification s, String because) {
        return new FullVerification(FullVerification.PAUSED, s.startedAt(), null, s.logsTotal(), s.logsDone(),
                s.records(), s.afterLog(), null, s.broken(), because);
    }

    /** Whether a full run should go on now: none yet, one unfinished, or the last finished an interval ago. */
    boolean fullVerificationDue() {
        return ledger.fullVerification()
                .map(s -> !FullVerification.FINISHED.equals(s.status()) || s.finishedAt() == null
                        || !java.time.Instant.parse(s.finishedAt()).plus(settings.fullVerificationInterval()).isAfter(clock.instant()))
                .orElse(true);
    }

    private static FullVerification withTotal(FullVerification s, long total) {
        return new FullVerification(s.status(), s.startedAt(), s.finishedAt(), total, s.logsDone(), s.records(),
                s.afterLog(), s.intact(), s.broken(), s.pausedBecause());
    }

    private String now() {
        return org.auditedrecords.common.time.Timestamps.format(clock.instant());
    }
}
