package org.auditedrecords.audit.log;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent, deliberately naive implementation of RFC 6962 section 2.1, transcribed from the RFC's recursive
 * definitions (MTH, PATH, PROOF/SUBPROOF) over lists of leaf hashes, to check the production code against.
 */
public final class ReferenceMerkle {
    private ReferenceMerkle() {
    }

    public static byte[] mth(List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return leaves.get(0);
        }
        int k = k(n);
        return node(mth(leaves.subList(0, k)), mth(leaves.subList(k, n)));
    }

    public static List<byte[]> path(int m, List<byte[]> leaves) {
        int n = leaves.size();
        List<byte[]> out = new ArrayList<>();
        if (n <= 1) {
            return out;
        }
        int k = k(n);
        if (m < k) {
            out.addAll(path(m, leaves.subList(0, k)));
            out.add(mth(leaves.subList(k, n)));
        } else {
            out.addAll(path(m - k, leaves.subList(k, n)));
            out.add(mth(leaves.subList(0, k)));
        }
        return out;
    }

    public static List<byte[]> proof(int m, List<byte[]> leaves) {
        return m == 0 || m == leaves.size() ? List.of() : subproof(m, leaves, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean b) {
        int n = leaves.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(leaves));
            }
            return out;
        }
        int k = k(n);
        if (m <= k) {
            out.addAll(subproof(m, leaves.subList(0, k), b));
            out.add(mth(leaves.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, leaves.subList(k, n), false));
            out.add(mth(leaves.subList(0, k)));
        }
        return out;
    }

    public static byte[] leaf(byte[] data) {
        return sha256(ByteBuffer.allocate(1 + data.length).put((byte) 0).put(data).array());
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha256(ByteBuffer.allocate(1 + left.length + right.length).put((byte) 1).put(left).put(right).array());
    }

    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
