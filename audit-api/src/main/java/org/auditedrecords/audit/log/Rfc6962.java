package org.auditedrecords.audit.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree hashing, inclusion and consistency proofs exactly as RFC 6962 section 2.1 defines them (and RFC 9162
 * section 2.1 verifies them): SHA-256, leaves hashed with a 0x00 prefix and interior nodes with 0x01, the tree over
 * n leaves split at the largest power of two smaller than n. Proofs are lists of 32-byte hashes in the RFC's order.
 */
public final class Rfc6962 {
    public static final int HASH_BYTES = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final MessageDigest SHA_256 = newSha256();

    private Rfc6962() {
    }

    /** MTH({d}) = SHA-256(0x00 || d). */
    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        return sha.digest(leaf);
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE_PREFIX);
        sha.update(left);
        return sha.digest(right);
    }

    /** MTH({}) = SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** MTH(D[n]) over the given leaf hashes. */
    public static byte[] root(List<byte[]> leafHashes) {
        CompactRange range = new CompactRange();
        leafHashes.forEach(range::append);
        return range.root();
    }

    /** PATH(m, D[n]): the audit path of leaf {@code index} in the tree of the given leaf hashes. */
    public static List<byte[]> inclusionProof(long index, List<byte[]> leafHashes) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is outside a tree of " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        path((int) index, leafHashes, 0, leafHashes.size(), proof);
        return proof;
    }

    private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> proof) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, leaves, from, from + k, proof);
            proof.add(subtreeRoot(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, proof);
            proof.add(subtreeRoot(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[n]): proves that the tree of the first {@code oldSize} leaves is a prefix of the whole tree. */
    public static List<byte[]> consistencyProof(long oldSize, List<byte[]> leafHashes) {
        if (oldSize < 0 || oldSize > leafHashes.size()) {
            throw new IllegalArgumentException("size " + oldSize + " is outside a tree of " + leafHashes.size());
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < leafHashes.size()) {
            subproof((int) oldSize, leafHashes, 0, leafHashes.size(), true, proof);
        }
        return proof;
    }

    private static void subproof(int m, List<byte[]> leaves, int from, int to, boolean complete, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(subtreeRoot(leaves, from, to));
            }
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, leaves, from, from + k, complete, proof);
            proof.add(subtreeRoot(leaves, from + k, to));
        } else {
            subproof(m - k, leaves, from + k, to, false, proof);
            proof.add(subtreeRoot(leaves, from, from + k));
        }
    }

    /** RFC 9162 section 2.1.3.2: whether {@code proof} shows leaf {@code index} of a tree of {@code size} under {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(proof)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 section 2.1.4.2: whether {@code proof} shows the tree of {@code oldSize} is a prefix of the one of {@code newSize}. */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        if (oldSize < 0 || oldSize > newSize || !wellFormed(proof)) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(oldSize) == 1) {
            path.add(0, oldRoot);
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
        return root(leaves.subList(from, to));
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static boolean wellFormed(List<byte[]> proof) {
        return proof.stream().allMatch(p -> p != null && p.length == HASH_BYTES);
    }

    /** A fresh SHA-256: cloned from one instance, since looking the algorithm up costs more than hashing a leaf. */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
