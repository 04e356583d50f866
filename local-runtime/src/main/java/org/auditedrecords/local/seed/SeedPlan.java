package org.auditedrecords.local.seed;

import java.time.Duration;

/**
 * How much the seeder adds to a stack's data, and its bounds.
 *
 * @param patients     patients to create, each with the history {@link SeededRequests#patient} gives it
 * @param auditRecords at least this many audit records to append in all: once every patient is created, reads of
 *                     the seeded patients and their tests go on until the register has been given this many
 * @param timeLimit    the seeder stops starting requests after this long, whatever is left to do
 * @param writers      concurrent request threads (as many as the register has logs is enough)
 */
public record SeedPlan(int patients, long auditRecords, Duration timeLimit, int writers) {
    /** As many as the register's logs ({@code RegisterSettings.DEFAULT_LOGS}), so no two appends share one. */
    public static final int DEFAULT_WRITERS = 8;
    /** Far above what the default plan takes on this machine: a bound, not an estimate. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);
    public static final int MAX_WRITERS = 64;

    public SeedPlan {
        if (patients < 0 || auditRecords < 0) {
            throw new IllegalArgumentException("patients and auditRecords must not be negative");
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
        if (writers < 1 || writers > MAX_WRITERS) {
            throw new IllegalArgumentException("writers must be 1 to " + MAX_WRITERS);
        }
    }
}
