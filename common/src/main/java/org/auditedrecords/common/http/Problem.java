package org.auditedrecords.common.http;

import java.util.List;
import java.util.Map;

/** An RFC 9457 problem-details body; {@code errors} only for validation problems. */
public record Problem(String type, String title, int status, String detail, String traceId,
                      Map<String, List<String>> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Every problem type of the system is a URN under this prefix, e.g. {@code ...:not-found}. */
    public static final String TYPE_PREFIX = "urn:auditedrecords:problem:";

    /** A problem without field errors; {@code kind} is the last part of its type, e.g. {@code not-found}. */
    public static Problem of(String kind, String title, int status, String detail, String traceId) {
        return new Problem(TYPE_PREFIX + kind, title, status, detail, traceId, null);
    }
}
