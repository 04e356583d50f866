package org.auditedrecords.audit;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands each in-process writer a chain of its own when one is free, so concurrent appends do not queue on one
 * head. Each held chain remembers its last link, saving a read per append; another process appending to the same
 * chain makes the next append conflict, which forgets the link and re-reads it.
 */
final class ChainLocks {
    private final ReentrantLock[] locks;
    private final ChainLink[] lastLinks;

    ChainLocks(int chains) {
        locks = new ReentrantLock[chains];
        lastLinks = new ChainLink[chains];
        for (int i = 0; i < chains; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    int size() {
        return locks.length;
    }

    /** Locks a free chain if there is one, otherwise waits for a random one. Release with {@link #release}. */
    int acquire() {
        int start = ThreadLocalRandom.current().nextInt(locks.length);
        for (int i = 0; i < locks.length; i++) {
            int chain = (start + i) % locks.length;
            if (locks[chain].tryLock()) {
                return chain;
            }
        }
        locks[start].lock();
        return start;
    }

    void release(int chain) {
        locks[chain].unlock();
    }

    /** The remembered last link of a chain held by the caller. */
    Optional<ChainLink> lastLink(int chain) {
        return Optional.ofNullable(lastLinks[chain]);
    }

    void remember(ChainLink link) {
        lastLinks[link.chain()] = link;
    }

    void forget(int chain) {
        lastLinks[chain] = null;
    }
}
