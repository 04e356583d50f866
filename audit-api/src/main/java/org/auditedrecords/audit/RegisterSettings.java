package org.auditedrecords.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * How the register shapes its logs and when it seals and verifies them. Defaults are named constants, as tessera's
 * are; {@code AuditConfig} reads overrides from the environment.
 *
 * @param origin                   prefix of every log's checkpoint origin and the signing key's note name
 * @param logs                     logs each process appends to at once (concurrent writers of one instance)
 * @param epoch                    a log takes records for one epoch, then a new log starts; bounds every log's size
 * @param checkpointInterval       how often each log with new records gets a signed, witnessed checkpoint
 * @param sealingWindow            a record still not covered by a checkpoint after this long is reported
 * @param verifyBudget             how long one incremental verification may walk before it answers
 * @param fullVerificationInterval how often the background full re-verification starts
 */
public record RegisterSettings(String origin, int logs, Duration epoch, Duration checkpointInterval,
                               Duration sealingWindow, Duration verifyBudget, Duration fullVerificationInterval) {
    public static final String DEFAULT_ORIGIN = "audited-records/audit";
    public static final int DEFAULT_LOGS = 8;
    /** One hour: at Cosmos DB's ceiling of 10,000 RU/s per partition a log cannot reach 20 GB in that time. */
    public static final Duration DEFAULT_EPOCH = Duration.ofHours(1);
    /** One second: the unsealed tail of a log is at most this plus the time to cut one checkpoint. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SEALING_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_VERIFY_BUDGET = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FULL_VERIFICATION_INTERVAL = Duration.ofHours(6);
    private static final DateTimeFormatter EPOCH_KEY = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public RegisterSettings {
        Objects.requireNonNull(origin, "origin");
        if (logs < 1 || epoch.toMillis() < 1000 || checkpointInterval.isNegative() || checkpointInterval.isZero()
                || sealingWindow.compareTo(checkpointInterval) <= 0) {
            throw new IllegalArgumentException("logs >= 1, epoch >= 1 s, a positive checkpoint interval and a"
                    + " sealing window longer than it");
        }
    }

    public static RegisterSettings defaults() {
        return new RegisterSettings(DEFAULT_ORIGIN, DEFAULT_LOGS, DEFAULT_EPOCH, DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_SEALING_WINDOW, DEFAULT_VERIFY_BUDGET, DEFAULT_FULL_VERIFICATION_INTERVAL);
    }

    /** The sortable key of the epoch holding {@code at}: its start, e.g. {@code 20261201T210000Z}. */
    public String epochKey(Instant at) {
        long length = epoch.toMillis();
        return EPOCH_KEY.format(Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), length) * length));
    }

    /** The checkpoint origin of a log. */
    public String origin(String log) {
        return origin + "/" + log;
    }
}
