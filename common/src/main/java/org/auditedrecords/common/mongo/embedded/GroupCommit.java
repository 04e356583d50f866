package org.auditedrecords.common.mongo.embedded;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Makes writes durable before they are acknowledged without one disk flush per write: concurrent writers share
 * one commit. A commit covers every write that completed before it started; a writer whose write finished while
 * a commit ran waits for the next one, which one of the waiting writers then runs for all of them (group commit).
 *
 * <p>Writes run under a shared lock and a commit under the exclusive one, so a commit never captures half of a
 * write whose changes span several maps (a document and its unique-index entries). The flush (fsync), the slow
 * part, runs after the exclusive lock is released, so new writes proceed while it runs.
 */
final class GroupCommit {
    /** What one commit does: {@code write} makes the changes survive a process crash, {@code flush} a power loss. */
    interface Store {
        void write();

        void flush();
    }

    private final Store store;
    private final boolean flush;
    private final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();
    private final AtomicLong completed = new AtomicLong();
    private final Object monitor = new Object();
    private long durable;
    private boolean committing;

    GroupCommit(Store store, boolean flush) {
        this.store = store;
        this.flush = flush;
    }

    /**
     * Runs {@code write} and returns its result only once a commit covering it has completed (whether the write
     * succeeded or failed: a failed write may still have changed something). Throws what the write or the
     * commit threw; a write whose commit failed is never reported as done.
     */
    <T> T durably(Supplier<T> write) {
        long ticket;
        T result;
        writes.readLock().lock();
        try {
            result = write.get();
        } finally {
            ticket = completed.incrementAndGet();
            writes.readLock().unlock();
        }
        awaitCommitted(ticket);
        return result;
    }

    /** Runs {@code action} with no write in flight (closing the store, for one). */
    void exclusively(Runnable action) {
        writes.writeLock().lock();
        try {
            action.run();
        } finally {
            writes.writeLock().unlock();
        }
    }

    private void awaitCommitted(long ticket) {
        synchronized (monitor) {
            while (durable < ticket && committing) {
                waitForCommit();
            }
            if (durable >= ticket) {
                return;
            }
            committing = true;
        }
        long covered = 0;
        try {
            covered = commit();
        } finally {
            synchronized (monitor) {
                durable = Math.max(durable, covered);
                committing = false;
                monitor.notifyAll();
            }
        }
    }

    private long commit() {
        long covered;
        writes.writeLock().lock();
        try {
            covered = completed.get();
            store.write();
        } finally {
            writes.writeLock().unlock();
        }
        if (flush) {
            store.flush();
        }
        return covered;
    }

    private void waitForCommit() {
        try {
            monitor.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a commit of the embedded store", e);
        }
    }
}
