package org.auditedrecords.common.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.common.time.Timestamps;

/**
 * One JSON object per line for every event: timestamp, level, component, then the event's fields (trace id, span
 * id, invocation id, function, status, duration...). The line is the log message itself, so it survives every sink
 * unchanged — the console locally, Application Insights traces in Azure (query with {@code parse_json(message)}).
 * Callers pass ids, names, statuses and durations only: never a secret, never a patient field value.
 */
public final class StructuredLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StructuredLog() {
    }

    /** The JSON line of an event; null field values are left out. */
    public static String line(Clock clock, Level level, String component, Map<String, ?> fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("timestamp", Timestamps.format(clock.instant()));
        event.put("level", level.getName());
        event.put("component", component);
        fields.forEach((name, value) -> {
            if (value != null) {
                event.put(name, value);
            }
        });
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Log fields must be plain values", e);
        }
    }

    public static void log(Logger logger, Level level, String component, Map<String, ?> fields) {
        if (logger.isLoggable(level)) {
            logger.log(level, line(Clock.systemUTC(), level, component, fields));
        }
    }
}
