package org.auditedrecords.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void format_instantsAcrossTheCalendar_isTheIsoFormattersText() {
        // given: instants from before year 0 to after 9999, with sub-millisecond nanos that must be cut, not rounded
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L),
                    random.nextInt(1_000_000_000));

            // when / then
            assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(REFERENCE.format(instant));
        }
    }

    @Test
    void format_edgesOfTheFourDigitYears_matchTheFormatter() {
        for (String at : new String[] {"0000-01-01T00:00:00Z", "1970-01-01T00:00:00.000999999Z", "2026-12-31T23:59:59.999Z",
                "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"}) {
            Instant instant = Instant.parse(at);
            assertThat(Timestamps.format(instant)).as(at).isEqualTo(REFERENCE.format(instant));
        }
        assertThat(Timestamps.format(Instant.parse("2026-12-01T08:05:03.007Z"))).isEqualTo("2026-12-01T08:05:03.007Z");
    }
}
