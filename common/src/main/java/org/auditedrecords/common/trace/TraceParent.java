package org.auditedrecords.common.trace;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} of version {@code 00}: read from a request, or generated for a new span.
 * The host and the gateway both use it, so a trace is continued the same way at every hop.
 *
 * @param traceId 32 lowercase hex digits, not all zeros
 * @param spanId  16 lowercase hex digits, not all zeros (the header's {@code parent-id} field)
 * @param flags   2 lowercase hex digits ({@code 01} = sampled)
 */
public record TraceParent(String traceId, String spanId, String flags) {
    /** {@code 00-<32 hex>-<16 hex>-<2 hex>}: the only layout of version 00. */
    private static final int LENGTH = 55;
    private static final String SAMPLED = "01";

    public TraceParent {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(flags, "flags");
        if (!hasLength(traceId, 32) || !isId(traceId, 0, 32) || !hasLength(spanId, 16) || !isId(spanId, 0, 16)
                || !hasLength(flags, 2) || !isHex(flags, 0, 2)) {
            throw new IllegalArgumentException("Not a valid W3C trace context: trace id, span id or flags malformed.");
        }
    }

    /** The header value, or empty when it is missing or malformed (the caller then starts a new trace). */
    public static Optional<TraceParent> parse(String header) {
        if (header == null || !isValid(header)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(header.substring(3, 35), header.substring(36, 52), header.substring(53)));
    }

    /** A new, sampled trace with its first span. */
    public static TraceParent newRoot() {
        return new TraceParent(randomHex(16), randomHex(8), SAMPLED);
    }

    /** A new span in the same trace, keeping the caller's sampling decision. */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    /** The {@code traceparent} header value. */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    // Read at every hop, several times per request: checked in place, without a regex or a copy.
    private static boolean isValid(String header) {
        return header.length() == LENGTH && header.startsWith("00-") && header.charAt(35) == '-'
                && header.charAt(52) == '-' && isId(header, 3, 35) && isId(header, 36, 52) && isHex(header, 53, 55);
    }

    private static boolean hasLength(String text, int length) {
        return text.length() == length;
    }

    /** Trace and span ids are lower-case hex and not all zeros. */
    private static boolean isId(String text, int from, int to) {
        return isHex(text, from, to) && !isAllZeros(text, from, to);
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllZeros(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static String randomHex(int bytes) {
        String hex;
        do {
            byte[] random = new byte[bytes];
            ThreadLocalRandom.current().nextBytes(random);
            hex = HexFormat.of().formatHex(random);
        } while (isAllZeros(hex, 0, hex.length()));
        return hex;
    }
}
