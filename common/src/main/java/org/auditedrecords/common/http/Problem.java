package org.auditedrecords.common.http;

import java.util.List;
import java.util.Map;

/** An RFC 9457 problem-details body; {@code errors} only for validation problems. */
public record Problem(String type, String title, int status, String detail, String traceId,
                      Map<String, List<String>> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
