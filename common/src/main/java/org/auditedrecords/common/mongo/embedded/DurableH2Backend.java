package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The indexed H2 backend ({@link IndexedH2Backend}) with acknowledged writes on disk. Upstream opens H2's MVStore with a one-second
 * background auto-commit, so an acknowledged write lives only in memory until the next tick and a killed process
 * loses it; committing MVStore on every write instead costs a chunk of pages per write and grows the file by as
 * much. So this backend does what databases do: every command that may change data is applied, then appended to
 * a {@link RedoLog}, and answered only once the record is in the log file (and flushed to the device when
 * {@code fsync} is set). A checkpoint commits MVStore every {@link #CHECKPOINT_INTERVAL} and drops the log it
 * covers; on open, whatever the last checkpoint missed is replayed from the log, in the original order.
 *
 * <p>Commands are applied one at a time (they were already serialized per collection), so the log order is the
 * order of application and a checkpoint never captures half of a write that spans several maps (a document and
 * its unique-index entries). Flushes run outside that lock and are shared by every writer waiting for one
 * (group commit). Replay re-runs the commands as sent: deterministic for what the apps send (an upsert without an
 * {@code _id} in its filter would get a new generated id).
 *
 * <p>A checkpoint holds that lock only while MVStore takes its snapshot (the root page of each map: its maps are
 * copy-on-write, so a snapshot's pages never change); serializing and writing the snapshot's pages, most of a
 * checkpoint's cost, runs on MVStore's own serialization threads while writes go on, and the log is dropped only
 * once the snapshot is in the file. Holding the lock for the whole commit stalled every writer for 25 to 90 ms
 * each second at 200 creates/s through the stack (JFR monitor-enter events), and that was the p99.
 */
final class DurableH2Backend extends IndexedH2Backend {
    /** How often MVStore is committed and the redo log behind it dropped: bounds the log and the replay at open. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(DurableH2Backend.class.getName());
    /** Commands that never change data; every other command is logged. */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listindexes",
            "listcollections", "listdatabases", "ismaster", "hello", "ping", "buildinfo", "whatsmyuri",
            "serverstatus", "dbstats", "collstats", "getlasterror", "getlog", "killcursors", "endsessions",
            "getparameter", "getcmdlineopts", "hostinfo", "connectionstatus", "explain", "saslstart",
            "saslcontinue", "getfreemonitoringstatus");
    private static final String APPLIED = "applied";

    private final MVStore store;
    private final boolean fsync;
    private final MVMap<String, Long> redoState;
    private final Path redoDir;
    private final Object writes = new Object();
    private final Object flushes = new Object();
    private final ScheduledExecutorService checkpoints;
    private RedoLog redo;
    private long lastSeq;
    private volatile long checkpointedSeq;
    private volatile long appendedSeq;
    private long durableSeq;
    private boolean flushing;

    /**
     * MVStore's page cache, in MB. With its default (16), at 200k patients and 800k audit records most reads of a
     * random document or index entry decoded a page from the file again, and the stack's CPU per request doubled
     * against small data; 256 MB per store lowered it (README: capacity figures).
     */
    static final int CACHE_MB = 256;
    /**
     * Chunks are compacted once less than this share of their bytes (%) is live. Under a heavy stream of inserts at
     * random ids compaction lags behind it (30% live in {@code DurableH2BackendCompactionTest}, 9% without it).
     */
    static final int COMPACT_BELOW_FILL_RATE = 50;
    /** The live bytes a checkpoint moves at most when compacting. */
    static final int COMPACT_BYTES = 16 << 20;

    private DurableH2Backend(MVStore store, Path redoDir, boolean fsync, Duration checkpointInterval) {
        super(store);
        this.store = store;
        this.fsync = fsync;
        this.redoDir = redoDir;
        this.redoState = store.openMap("durable.redo");
        recover();
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "embedded-store-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpointQuietly, checkpointInterval.toMillis(),
                checkpointInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (or creates) the store file and its redo log ({@code <file>.redo/}). MVStore's own automatic commits
     * are off: the timed one and the one a full write buffer triggers, either of which could store half of a
     * write in progress.
     */
    static DurableH2Backend open(Path file, boolean fsync) {
        return open(file, fsync, CHECKPOINT_INTERVAL, Optional.empty());
    }

    /**
     * As {@link #open(Path, boolean)}, checkpointing every {@code checkpointInterval}, and with how long MVStore
     * keeps a dead chunk before reusing its space when given (its default, 45 s, covers the operating system's
     * write-back of the file). Tests shorten both.
     */
    static DurableH2Backend open(Path file, boolean fsync, Duration checkpointInterval, Optional<Duration> chunkRetention) {
        return open(file, "", fsync, checkpointInterval, chunkRetention);
    }

    /**
     * As above, with the store file opened through H2's file system {@code fileSystem}, a scheme prefix such as
     * {@code "nio:"} ({@code ""} is the disk): tests make its writes fail. The redo log is always on the disk.
     */
    static DurableH2Backend open(Path file, String fileSystem, boolean fsync, Duration checkpointInterval,
                                 Optional<Duration> chunkRetention) {
        MVStore store = new MVStore.Builder().fileName(fileSystem + file)
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .autoCompactFillRate(0)
                .cacheSize(CACHE_MB)
                .open();
        try {
            // MVStore serializes a commit's pages on its own threads only when it has a background writer. This
            // one never commits (it would after ~24 days without any commit; checkpoints commit every second
            // there was a write) and, with auto-compaction off, never compacts: only checkpoints commit.
            store.setAutoCommitDelay(Integer.MAX_VALUE);
            chunkRetention.ifPresent(retention -> store.setRetentionTime((int) retention.toMillis()));
            return new DurableH2Backend(store, file.resolveSibling(file.getFileName() + ".redo"), fsync, checkpointInterval);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Replays what the last checkpoint did not cover, commits it, and starts a fresh log. */
    private void recover() {
        long applied = redoState.getOrDefault(APPLIED, 0L);
        long last = applied;
        int replayed = 0;
        Channel replay = new EmbeddedChannel();
        for (RedoLog.Entry entry : RedoLog.read(redoDir)) {
            if (entry.seq() <= applied) {
                continue;
            }
            try {
                super.handleCommand(replay, entry.database(), entry.command(), entry.body());
            } catch (RuntimeException sameAsTheFirstTime) {
                // The command failed when it was first run too (a duplicate key, say): replay reproduces it.
            }
            last = entry.seq();
            replayed++;
        }
        super.handleClose(replay);
        redoState.put(APPLIED, last);
        store.commit();
        if (fsync) {
            store.sync();
        }
        RedoLog.deleteAll(redoDir);
        lastSeq = last;
        checkpointedSeq = last;
        appendedSeq = last;
        durableSeq = last;
        redo = RedoLog.open(redoDir, last + 1);
        if (replayed > 0) {
            LOG.info("Recovered the embedded store " + store.getFileStore().getFileName() + ": replayed " + replayed
                    + " writes from its redo log");
        }
    }

    /**
     * Answers a command that may change data only once it is in the redo log file, and flushed when {@code fsync}
     * is set: from then on it survives the process being killed at any moment (and, flushed, a power loss).
     */
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (isRead(command, query)) {
            return super.handleCommand(channel, database, command, query);
        }
        long seq;
        Document response;
        synchronized (writes) {
            try {
                response = super.handleCommand(channel, database, command, query);
            } finally {
                seq = ++lastSeq;
                redo.append(seq, database, command, query);
                appendedSeq = seq;
            }
        }
        if (fsync) {
            awaitFlushed(seq);
        }
        return response;
    }

    private void awaitFlushed(long seq) {
        synchronized (flushes) {
            while (durableSeq < seq && flushing) {
                try {
                    flushes.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while the embedded store flushed a write", e);
                }
            }
            if (durableSeq >= seq) {
                return;
            }
            flushing = true;
        }
        long covered = 0;
        try {
            covered = appendedSeq;
            redo.force();
        } finally {
            markDurable(covered, true);
        }
    }

    private void markDurable(long covered, boolean endsFlush) {
        synchronized (flushes) {
            durableSeq = Math.max(durableSeq, covered);
            if (endsFlush) {
                flushing = false;
            }
            flushes.notifyAll();
        }
    }

    private static boolean isRead(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !writesOutput(query.get("pipeline"));
        }
        return READS.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        return pipeline instanceof List<?> stages && stages.stream()
                .anyMatch(stage -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            // The redo log still holds every write: nothing acknowledged is at risk, the log just grows until the
            // next checkpoint succeeds.
            LOG.log(Level.WARNING, "Checkpoint of the embedded store failed; its redo log keeps the writes", e);
        }
    }

    /**
     * Commits MVStore with everything applied so far, then drops the log segments that commit covers. Only the
     * snapshot is taken inside the write lock; the wait for its pages to be in the file is outside it.
     */
    private void checkpoint() {
        long covered;
        long version;
        synchronized (writes) {
            if (lastSeq == checkpointedSeq) {
                return;
            }
            covered = lastSeq;
            redoState.put(APPLIED, covered);
            // tryCommit snapshots and hands the pages to the serialization thread; it declines (-1) when another
            // operation holds MVStore's store lock, and then commit waits for that lock.
            version = store.tryCommit();
            if (version < 0) {
                version = store.commit();
            }
            if (version < 0) {
                throw new IllegalStateException("MVStore committed nothing although the redo state changed");
            }
            redo.rotate(covered + 1);
        }
        store.getFileStore().executeFileStoreOperation(() -> { });
        if (store.getPanicException() != null || store.getFileStore().lastChunkVersion() < version) {
            // MVStore stops (its panic) when writing a chunk fails; the log still holds every write.
            throw new IllegalStateException("The embedded store's checkpoint of version " + version
                    + " did not reach its file", store.getPanicException());
        }
        if (fsync) {
            store.sync();
        }
        checkpointedSeq = covered;
        markDurable(covered, false);
        redo.deleteUpTo(covered);
        compact();
    }

    /**
     * Moves the live pages out of the emptiest chunks, up to {@link #COMPACT_BYTES} a checkpoint, once less than
     * {@link #COMPACT_BELOW_FILL_RATE}% of the chunks' bytes are live; the next checkpoint writes them and the
     * emptied chunks' space is reused. Without it the file grew by every checkpoint's chunk for good: a chunk dies
     * only when all its pages are replaced, and most keep a few pages no later write touches. A rewrite changes no
     * value, so it runs beside the writes.
     */
    private void compact() {
        if (chunksFillRate() < COMPACT_BELOW_FILL_RATE) {
            store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_BYTES);
        }
    }

    /** The share (%) of the bytes in the file's chunks that live pages use. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    /** Whether every write applied so far is in a checkpoint in the file. */
    boolean checkpointedAll() {
        synchronized (writes) {
            return lastSeq == checkpointedSeq;
        }
    }

    /**
     * Checkpoints once no write is in flight, then closes MVStore (releasing the file) and the log. A failure is
     * thrown, not swallowed: the caller must learn that the store did not close cleanly.
     */
    @Override
    public void close() {
        checkpoints.shutdown();
        try {
            checkpoints.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (writes) {
            checkpoint();
            super.close();
            redo.close();
        }
    }
}
