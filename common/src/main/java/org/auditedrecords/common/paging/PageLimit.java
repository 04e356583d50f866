package org.auditedrecords.common.paging;

import java.util.Optional;
import org.auditedrecords.common.errors.ValidationException;

/** Parses the {@code limit} query parameter: a whole number within bounds, with a default. */
public final class PageLimit {
    private PageLimit() {
    }

    public static int parse(Optional<String> raw, int defaultLimit, int maxLimit) {
        if (raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same message as an out-of-range value
        }
        throw ValidationException.of("limit", "must be a whole number from 1 to " + maxLimit);
    }
}
