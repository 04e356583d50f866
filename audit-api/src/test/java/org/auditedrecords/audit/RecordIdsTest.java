package org.auditedrecords.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordIdsTest {
    @Test
    void next_isAVersion7UuidCarryingTheRecordsMillisecond() {
        // given
        Instant at = Instant.parse("2026-12-02T03:04:05.678901Z");

        // when
        UUID id = UUID.fromString(RecordIds.next(at));

        // then
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void next_laterMilliseconds_sortAfterEarlierOnesAsStrings() {
        // given
        Instant start = Instant.parse("2026-12-02T00:00:00Z");
        List<String> ids = new ArrayList<>();

        // when
        for (int i = 0; i < 5_000; i++) {
            ids.add(RecordIds.next(start.plusMillis(i * 7L)));
        }

        // then: the order the store keeps ids in (strings) is the order of their times
        assertThat(ids).isSorted();
    }

    @Test
    void next_sameMillisecond_isStillUnique() {
        // given
        Instant at = Instant.parse("2026-12-02T00:00:00Z");
        Set<String> ids = new HashSet<>();

        // when
        for (int i = 0; i < 100_000; i++) {
            ids.add(RecordIds.next(at));
        }

        // then
        assertThat(ids).hasSize(100_000);
    }
}
