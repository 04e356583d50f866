package org.auditedrecords.patient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.auditedrecords.common.json.JsonInput;

/**
 * The rules for fields the server sets ({@code id}, {@code lastUpdated}, a test's {@code patientId}): refused on
 * create, but on update accepted when sent back as they were read, so that a GET-then-PUT round trip works.
 */
public final class ServerFields {
    public static final String ID = "id";
    public static final String LAST_UPDATED = "lastUpdated";

    private ServerFields() {
    }

    /** Records an error when {@code name} is present and is not {@code expected} (the id in the path). */
    public static void requireEcho(JsonInput in, String name, String expected) {
        String sent = in.optionalString(name, 64);
        if (sent != null && !sent.equals(expected)) {
            in.violations().add(in.field(name), "must equal the " + name + " in the path");
        }
    }

    /** Records an error when {@code lastUpdated} is present but is not a timestamp as the API returns them. */
    public static void requireTimestampEcho(JsonInput in) {
        String sent = in.optionalString(LAST_UPDATED, 64);
        if (sent != null) {
            try {
                Instant.parse(sent);
            } catch (DateTimeParseException e) {
                in.violations().add(in.field(LAST_UPDATED), "must be an ISO-8601 UTC timestamp as the API returned it");
            }
        }
    }
}
