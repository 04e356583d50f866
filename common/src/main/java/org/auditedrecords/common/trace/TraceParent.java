package org.auditedrecords.common.trace;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} of version {@code 00}: read from a request, or generated for a new span.
 * The host and the gateway both use it, so a trace is continued the same way at every hop.
 *
 * @param traceId 32 lowercase hex digits, not all zeros
 * @param spanId  16 lowercase hex digits, not all zeros (the header's {@code parent-id} field)
 * @param flags   2 lowercase hex digits ({@code 01} = sampled)
 */
public record TraceParent(String traceId, String spanId, String flags) {
    private static final Pattern HEADER = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String SAMPLED = "01";

    public TraceParent {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(flags, "flags");
        if (!isValid("00-" + traceId + "-" + spanId + "-" + flags)) {
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

    private static boolean isValid(String header) {
        var matcher = HEADER.matcher(header);
        return matcher.matches() && !isAllZeros(matcher.group(1)) && !isAllZeros(matcher.group(2));
    }

    private static boolean isAllZeros(String hex) {
        return hex.chars().allMatch(c -> c == '0');
    }

    private static String randomHex(int bytes) {
        String hex;
        do {
            byte[] random = new byte[bytes];
            ThreadLocalRandom.current().nextBytes(random);
            hex = HexFormat.of().formatHex(random);
        } while (isAllZeros(hex));
        return hex;
    }
}
