package org.auditedrecords.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
            Instant instant = anyInstant(random);

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

    @Test
    void parse_whatFormatWrites_isTheInstantAtItsMillisecond() {
        // given: the same spread of instants, each printed in the one form
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = anyInstant(random);
            String text = Timestamps.format(instant);

            // when / then
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void parse_anyOtherForm_isRefused() {
        for (String text : new String[] {"2026-12-01T08:05:03Z", "2026-12-01T08:05:03.0070Z", "2026-12-01T08:05:03.007+00:00",
                "2026-02-30T08:05:03.007Z", "2025-02-29T00:00:00.000Z", "2026-12-31T23:59:60.000Z", "2026-13-01T08:05:03.007Z",
                "2026-12-01T24:00:00.000Z", "2026-12-01 08:05:03.007Z", "2026-12-0a08:05:03.007Z", "+2026-12-01T08:05:03.007Z",
                "2026-12-01t08:05:03.007z", "", "-0001-12-31T23:59:59.000"}) {
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
        assertThat(Timestamps.parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        assertThat(Timestamps.parse("+10000-01-01T00:00:00.000Z")).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
    }

    /** From before year 0 to after 9999, with sub-millisecond nanos (which format must cut, not round). */
    private static Instant anyInstant(Random random) {
        return Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L), random.nextInt(1_000_000_000));
    }
}
