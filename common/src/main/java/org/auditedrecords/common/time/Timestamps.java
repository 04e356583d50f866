package org.auditedrecords.common.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one text form of an instant in this system: ISO-8601 UTC with exactly millisecond precision, as stored. */
public final class Timestamps {
    public static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return ISO_MILLIS.format(instant);
    }
}
