package org.auditedrecords.audit;

import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.audit.log.CompactRange;

/**
 * A log this process appends to: only this process ever writes it, so it knows every leaf. Appends add their leaf
 * hashes here; the checkpointer takes them to extend the tree it last signed.
 */
final class OpenLog {
    final String id;
    private final List<byte[]> pending = new ArrayList<>();
    private long size;
    /** The tree as of the last checkpoint; only the checkpointer touches it. */
    CompactRange sealed = new CompactRange();

    OpenLog(String id) {
        this.id = id;
    }

    record Unsealed(long size, List<byte[]> leafHashes) {
    }

    synchronized long size() {
        return size;
    }

    synchronized void appended(byte[] leafHash) {
        pending.add(leafHash);
        size++;
    }

    synchronized Unsealed unsealed() {
        return new Unsealed(size, List.copyOf(pending));
    }

    synchronized void sealed(int leaves) {
        pending.subList(0, leaves).clear();
    }
}
