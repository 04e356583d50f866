package org.auditedrecords.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.auditedrecords.common.errors.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"|8e03978e-40d5-43e8-bc93-6894a57f9324",
            "8e03978e-40d5-43e8-bc93-6894a57f9324|8e03978e-40d5-43e8-bc93-6894a57f9324",
            "\"a \\\"quoted\\\" key\"|a \"quoted\" key",
            "\"back\\\\slash\"|back\\slash"})
    void parse_quotedOrBare_givesTheKey(String header, String key) {
        assertThat(IdempotencyKey.parse(Optional.of(header))).contains(new IdempotencyKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"bad\\escape\"", "\"inner\"quote\"", "\"unterminated", "bare\"quote",
            "bare\\slash", "caf\u00e9", "tab\there"})
    void parse_notAStructuredFieldString_isAValidationErrorOnTheHeader(String header) {
        assertThatThrownBy(() -> IdempotencyKey.parse(Optional.of(header)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).containsOnlyKeys("Idempotency-Key"));
    }

    @org.junit.jupiter.api.Test
    void parse_longerThan255_isRefusedAnd255IsNot() {
        assertThat(IdempotencyKey.parse(Optional.of("k".repeat(255)))).isPresent();
        assertThatThrownBy(() -> IdempotencyKey.parse(Optional.of("k".repeat(256))))
                .isInstanceOf(ValidationException.class);
    }

    @org.junit.jupiter.api.Test
    void parse_noHeader_isNoKey() {
        assertThat(IdempotencyKey.parse(Optional.empty())).isEmpty();
    }
}
