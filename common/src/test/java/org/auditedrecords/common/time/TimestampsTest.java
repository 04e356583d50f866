package org.auditedrecords.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-02T00:38:05.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
        "0000-01-01T00:00:00.001Z", "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.010Z", "1815-12-10T07:05:09.900Z",
        "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.5Z", "+999999999-12-31T23:59:59.999999999Z"})
    void format_edgeInstants_equalsThePattern(String instant) {
        Instant at = Instant.parse(instant);

        assertThat(Timestamps.format(at)).isEqualTo(Timestamps.ISO_MILLIS.format(at));
    }

    @Test
    void format_randomInstantsOfEveryEra_equalsThePattern() {
        // given instants spread over years -5000 to 15000, a fixed seed so a failure can be replayed
        SplittableRandom random = new SplittableRandom(13);
        long from = Instant.parse("-5000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+15000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));

            // then the direct form and the pattern agree on every one
            assertThat(Timestamps.format(at)).as("%s", at).isEqualTo(Timestamps.ISO_MILLIS.format(at));
        }
    }
}
