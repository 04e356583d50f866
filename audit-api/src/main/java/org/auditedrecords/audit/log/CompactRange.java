package org.auditedrecords.audit.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a Merkle tree: the roots of the perfect subtrees that the binary decomposition of the tree size
 * gives, largest first. Appending a leaf and computing the root cost O(log n) and it holds O(log n) hashes, so a
 * log can be extended and re-rooted without reading its earlier leaves again. The stored form is self-checking:
 * a range whose {@link #root()} equals a signed checkpoint's root at the same size is that tree's edge, since
 * another would need a SHA-256 collision.
 */
public final class CompactRange {
    private final List<byte[]> hashes;
    private long size;

    public CompactRange() {
        this(0, List.of());
    }

    /**
     * @throws IllegalArgumentException when the number of hashes does not match the size's binary decomposition
     */
    public CompactRange(long size, List<byte[]> hashes) {
        if (size < 0 || Long.bitCount(size) != hashes.size()
                || hashes.stream().anyMatch(h -> h == null || h.length != Rfc6962.HASH_BYTES)) {
            throw new IllegalArgumentException("a compact range of size " + size + " has " + Long.bitCount(size)
                    + " hashes of 32 bytes");
        }
        this.size = size;
        this.hashes = new ArrayList<>(hashes);
    }

    public long size() {
        return size;
    }

    public List<byte[]> hashes() {
        return List.copyOf(hashes);
    }

    public CompactRange copy() {
        return new CompactRange(size, hashes);
    }

    /** Becomes a copy of {@code other}. */
    public void replaceWith(CompactRange other) {
        hashes.clear();
        hashes.addAll(other.hashes);
        size = other.size;
    }

    public void append(byte[] leafHash) {
        byte[] carry = leafHash;
        for (long s = size; (s & 1) == 1; s >>= 1) {
            carry = Rfc6962.nodeHash(hashes.remove(hashes.size() - 1), carry);
        }
        hashes.add(carry);
        size++;
    }

    /** MTH of the leaves appended so far. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = Rfc6962.nodeHash(hashes.get(i), root);
        }
        return root;
    }
}
