package org.auditedrecords.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.CompactRange;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.SignedNote;

/**
 * Verifies one log, leaf by leaf, in constant memory: the server's incremental and full verification and the
 * offline verifier all run this one check.
 *
 * <p>Before the walk, every checkpoint offered (stored beside the records, and the newest the witness holds) must
 * be validly signed by a key version valid at its time, for this log and for the size it is filed under. During
 * the walk each leaf must parse, sit at the next index, and hash (RFC 8785 then RFC 6962) to the leaf hash stored
 * with it; whenever the tree reaches the size of a checkpoint its root must be that checkpoint's. At the end the
 * log must hold at least as many leaves as the largest signed checkpoint (otherwise it was truncated or rolled
 * back, and the witness says to what size), and records after that checkpoint must be younger than the sealing
 * window. Changing, deleting, inserting, reordering or truncating records, moving or forging a checkpoint, and
 * restoring an older state each break one of these.
 */
final class LogWalk {
    private final String log;
    private final TreeMap<Long, Checkpoint> signed = new TreeMap<>();
    /** Stored checkpoints whose signatures were not checked (yet), by size; see the constructor. */
    private final TreeMap<Long, Unchecked> unchecked = new TreeMap<>();
    private final KeyRing keys;
    private final String origin;
    private final long witnessedSize;
    private final CompactRange range;
    private CompactRange lastAuthenticated;
    private VerificationReport.Break broken;
    private long walked;
    private long unsealed;
    private Instant oldestUnsealed;

    /**
     * @param start     the verified prefix to continue from (empty range for a walk from the first leaf); must be
     *                  {@link #authenticated} by the caller
     * @param witnessed the newest note the witness holds for this log, if any
     */
    LogWalk(String log, String origin, KeyRing keys, CompactRange start, List<StoredCheckpoint> stored,
            Optional<String> witnessed) {
        this(log, origin, keys, start, stored, witnessed, true);
    }

    /**
     * @param everySignature whether every stored checkpoint's signature is checked before the walk (the full and
     *                       offline verifications), or only the largest one's, and any other's when a prefix is
     *                       resumed from it (the incremental verification: ECDSA checks, one per checkpoint, would
     *                       otherwise cost the log's age). Unchecked checkpoints still must be for this log, filed
     *                       at their size, and have the root of the leaves; the leaves are proven by the largest
     *                       checkpoint's signed root either way.
     */
    LogWalk(String log, String origin, KeyRing keys, CompactRange start, List<StoredCheckpoint> stored,
            Optional<String> witnessed, boolean everySignature) {
        this.log = log;
        this.keys = keys;
        this.origin = origin;
        this.range = start.copy();
        this.lastAuthenticated = start.copy();
        for (int i = 0; i < stored.size(); i++) {
            StoredCheckpoint checkpoint = stored.get(i);
            String what = "stored checkpoint filed at size " + checkpoint.size();
            if (everySignature || i == stored.size() - 1) {
                accept(checkpoint.note(), checkpoint.size(), what);
            } else {
                acceptUnchecked(checkpoint, what);
            }
        }
        long witnessSize = -1;
        if (witnessed.isPresent()) {
            Checkpoint checkpoint = accept(witnessed.get(), -1, "newest witnessed checkpoint");
            witnessSize = checkpoint == null ? -1 : checkpoint.size();
        }
        this.witnessedSize = witnessSize;
    }

    /** Whether {@code prefix} is the edge of a tree some validly signed checkpoint vouches for. */
    boolean authenticated(CompactRange prefix) {
        if (prefix.size() == 0) {
            return true;
        }
        Unchecked resumedFrom = unchecked.remove(prefix.size());
        if (resumedFrom != null) {
            accept(resumedFrom.stored().note(), prefix.size(), "stored checkpoint filed at size " + prefix.size());
        }
        Checkpoint checkpoint = signed.get(prefix.size());
        return checkpoint != null && Arrays.equals(checkpoint.rootHash(), prefix.root());
    }

    /** A stored checkpoint whose signature is left unchecked: its text must still be this log's, at its size. */
    private void acceptUnchecked(StoredCheckpoint stored, String what) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.parse(stored.note()).text());
        } catch (IllegalArgumentException e) {
            breakAt(null, null, "the " + what + " is not valid: " + e.getMessage());
            return;
        }
        if (!moved(checkpoint, stored.size(), what)) {
            unchecked.put(stored.size(), new Unchecked(stored, checkpoint));
        }
    }

    private record Unchecked(StoredCheckpoint stored, Checkpoint checkpoint) {
    }

    /** Breaks the walk, and says so, when {@code checkpoint} is for another log or filed at another size. */
    private boolean moved(Checkpoint checkpoint, long filedSize, String what) {
        if (checkpoint.origin().equals(origin) && (filedSize < 0 || checkpoint.size() == filedSize)) {
            return false;
        }
        breakAt(null, null, "the " + what + " is signed for " + checkpoint.origin() + " at size "
                + checkpoint.size() + " (a checkpoint was moved)");
        return true;
    }

    private Checkpoint accept(String note, long filedSize, String what) {
        KeyRing.Verified verified = keys.verify(note);
        if (!verified.valid()) {
            breakAt(null, null, "the " + what + " is not valid: " + verified.failure());
            return null;
        }
        Checkpoint checkpoint = verified.checkpoint();
        if (moved(checkpoint, filedSize, what)) {
            return null;
        }
        Checkpoint other = signed.putIfAbsent(checkpoint.size(), checkpoint);
        if (other != null && !other.sameTree(checkpoint)) {
            breakAt(null, checkpoint.size(), "two validly signed checkpoints at size " + checkpoint.size()
                    + " have different roots (the log was forked)");
        }
        return checkpoint;
    }

    /** Continues after an {@link #authenticated} prefix instead of the first leaf; before any leaf is offered. */
    void resumeFrom(CompactRange prefix) {
        if (walked > 0 || !authenticated(prefix)) {
            throw new IllegalStateException("a walk resumes only from a signed prefix, before its first leaf");
        }
        range.replaceWith(prefix);
        lastAuthenticated = prefix.copy();
    }

    long size() {
        return range.size();
    }

    boolean broken() {
        return broken != null;
    }

    /** The range at the largest checkpoint passed so far: what may be saved as a verified prefix. */
    CompactRange lastAuthenticated() {
        return lastAuthenticated.copy();
    }

    void accept(StoredLeaf leaf) {
        if (broken != null) {
            return;
        }
        long expected = range.size();
        AuditRecord record = leaf.record();
        if (record == null) {
            breakAt(leaf.id(), leaf.index() >= 0 ? leaf.index() : expected, "the record is malformed: " + leaf.problem());
            return;
        }
        if (leaf.index() != expected || !log.equals(leaf.log())) {
            breakAt(leaf.id(), leaf.index(), "expected leaf index " + expected + " but found " + leaf.index()
                    + " (a record was deleted, inserted or moved)");
            return;
        }
        byte[] hash = RecordJson.leafHash(record);
        if (!leaf.hashMatches(hash)) {
            breakAt(leaf.id(), leaf.index(), "the content does not match its leaf hash (the record was changed)");
            return;
        }
        range.append(hash);
        walked++;
        if (range.size() > largestSigned()) {
            unsealed++;
            if (oldestUnsealed == null || record.recordedAt().isBefore(oldestUnsealed)) {
                oldestUnsealed = record.recordedAt();
            }
        }
        Checkpoint checkpoint = signed.containsKey(range.size()) ? signed.get(range.size())
                : Optional.ofNullable(unchecked.get(range.size())).map(Unchecked::checkpoint).orElse(null);
        if (checkpoint != null) {
            if (!Arrays.equals(checkpoint.rootHash(), range.root())) {
                breakAt(leaf.id(), leaf.index(), "the first " + range.size() + " records do not produce the root of the"
                        + " signed checkpoint at that size (a record among them was changed, removed, inserted or"
                        + " reordered)");
                return;
            }
            lastAuthenticated = range.copy();
        }
    }

    /**
     * The verdict once every leaf was offered.
     *
     * @param storedCount the number of leaves the store said the log holds before the walk read its first page, or -1
     *                    when unknown (an export)
     */
    VerificationReport.LogReport finish(long storedCount, Instant now, Duration sealingWindow) {
        long largest = largestSigned();
        if (broken == null && range.size() < largest) {
            breakAt(null, range.size(), largest == witnessedSize
                    ? "the log was rolled back or truncated: the witness holds a signed checkpoint of size "
                    + witnessedSize + " but the log has only " + range.size() + " records"
                    : "records are missing: the signed checkpoint of size " + largest + " covers more than the "
                    + range.size() + " records stored");
        }
        // More records may follow on than were counted (appends during the walk), never fewer.
        if (broken == null && storedCount > range.size()) {
            breakAt(null, null, "the log holds " + storedCount + " records but only " + range.size()
                    + " follow on from each other (a record was deleted, or added out of place)");
        }
        if (broken == null && oldestUnsealed != null && oldestUnsealed.isBefore(now.minus(sealingWindow))) {
            breakAt(null, largest, unsealed + " records after the newest signed checkpoint (size " + Math.max(largest, 0)
                    + ") are older than the sealing window: they were added without the key, or their writer"
                    + " stopped before sealing them");
        }
        return report();
    }

    /** The verdict so far, for a walk stopped by its time budget. */
    VerificationReport.LogReport report() {
        return new VerificationReport.LogReport(log, walked, largestSigned(), witnessedSize, unsealed, broken == null,
                broken);
    }

    private long largestSigned() {
        return signed.isEmpty() ? -1 : signed.lastKey();
    }

    private void breakAt(String recordId, Long index, String reason) {
        if (broken == null) {
            broken = new VerificationReport.Break(recordId, index, reason);
        }
    }
}
