package org.auditedrecords.audit.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.auditedrecords.common.time.Timestamps;

/**
 * A statement of a log's state, in the C2SP {@code tlog-checkpoint} text format with one extension line:
 *
 * <pre>
 * &lt;origin&gt;                  the log's unique name, e.g. audited-records/audit/20261201T21Z-5f0c9a1e2b3d
 * &lt;tree size&gt;               decimal, no leading zeros
 * &lt;root hash&gt;               standard base64 of the RFC 6962 root over the first tree-size leaves
 * time &lt;ISO-8601 instant&gt;    when it was cut, UTC, millisecond precision
 * </pre>
 *
 * each line ending in a newline. The text is what {@link SignedNote} signs.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, Instant time) {
    private static final String TIME = "time ";

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        if (origin.isEmpty() || origin.contains("\n") || size < 0 || rootHash.length != Rfc6962.HASH_BYTES) {
            throw new IllegalArgumentException("a checkpoint has a one-line origin, a size >= 0 and a 32-byte root");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootBase64() {
        return Base64.getEncoder().encodeToString(rootHash);
    }

    public String text() {
        return origin + "\n" + size + "\n" + rootBase64() + "\n" + TIME + Timestamps.format(time) + "\n";
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the text is not a checkpoint in exactly this format */
    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length != 4 || !lines[1].matches("0|[1-9][0-9]{0,18}") || !lines[3].startsWith(TIME)) {
            throw new IllegalArgumentException("a checkpoint has an origin, a size, a root hash and a time line");
        }
        try {
            return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]),
                    Instant.parse(lines[3].substring(TIME.length())));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the checkpoint time is not an ISO-8601 instant", e);
        }
    }

    public boolean sameTree(Checkpoint other) {
        return origin.equals(other.origin) && size == other.size && Arrays.equals(rootHash, other.rootHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && sameTree(c) && time.equals(c.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), time);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + " " + size + " " + rootBase64() + " " + time + "]";
    }
}
