package org.auditedrecords.common.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.json.Json;
import org.junit.jupiter.api.Test;

class ContinuationTokenTest {
    private final ContinuationToken tokens = new ContinuationToken(Json.newMapper());
    private final String query = ContinuationToken.fingerprint(Map.of("patientId", "p1", "order", "asc"));

    @Test
    void decode_tokenOfTheSameQuery_givesBackThePosition() {
        String token = tokens.encode(Map.of("i", "abc", "t", "2026-01-01T00:00:00.000Z"), query);

        assertThat(tokens.decode(Optional.of(token), query)).contains(Map.of("i", "abc", "t", "2026-01-01T00:00:00.000Z"));
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void decode_tokenOfAnotherQuery_isRejected() {
        String token = tokens.encode(Map.of("i", "abc"), query);
        String other = ContinuationToken.fingerprint(Map.of("patientId", "p2", "order", "asc"));

        assertThatThrownBy(() -> tokens.decode(Optional.of(token), other))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).containsOnlyKeys("continuationToken"));
    }

    @Test
    void decode_garbage_isRejectedAndAbsentIsEmpty() {
        assertThatThrownBy(() -> tokens.decode(Optional.of("%%%"), query)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> tokens.decode(Optional.of("bm90IGpzb24"), query)).isInstanceOf(ValidationException.class);
        assertThat(tokens.decode(Optional.empty(), query)).isEmpty();
    }

    @Test
    void parse_limit_acceptsTheRangeOnly() {
        assertThat(PageLimit.parse(Optional.empty(), 20, 100)).isEqualTo(20);
        assertThat(PageLimit.parse(Optional.of("100"), 20, 100)).isEqualTo(100);
        assertThatThrownBy(() -> PageLimit.parse(Optional.of("0"), 20, 100)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PageLimit.parse(Optional.of("101"), 20, 100)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PageLimit.parse(Optional.of("ten"), 20, 100))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors().get("limit")).containsExactly("must be a whole number from 1 to 100"));
    }
}
