package org.auditedrecords.common.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void parse_validHeader_readsEveryField() {
        // when
        TraceParent parsed = TraceParent.parse(VALID).orElseThrow();

        // then
        assertThat(parsed.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parsed.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parsed.flags()).isEqualTo("01");
        assertThat(parsed.toString()).isEqualTo(VALID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // unknown version
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", // short flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", // trailing data
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", // not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01", // wrong separator
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0G", // flags not lower-case hex
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01a" // right length, fields shifted
    })
    void parse_malformedHeader_isEmpty(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();
    }

    @Test
    void child_keepsTraceAndFlagsWithNewSpan() {
        // given
        TraceParent parent = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").orElseThrow();

        // when
        TraceParent child = parent.child();

        // then
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.flags()).isEqualTo("00");
        assertThat(child.spanId()).isNotEqualTo(parent.spanId()).matches("[0-9a-f]{16}");
    }

    @Test
    void newRoot_isSampledValidAndUnique() {
        // when
        TraceParent first = TraceParent.newRoot();
        TraceParent second = TraceParent.newRoot();

        // then
        assertThat(TraceParent.parse(first.toString())).hasValue(first);
        assertThat(first.flags()).isEqualTo("01");
        assertThat(first.traceId()).isNotEqualTo(second.traceId());
    }

    @Test
    void constructor_invalidField_isRejected() {
        assertThatThrownBy(() -> new TraceParent("abc", "00f067aa0ba902b7", "01"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "4bf92f3577b34da6a3ce929d0e0e473, 00f067aa0ba902b7, 01",
        "4bf92f3577b34da6a3ce929d0e0e47360, 00f067aa0ba902b7, 01",
        "00000000000000000000000000000000, 00f067aa0ba902b7, 01",
        "4bf92f3577b34da6a3ce929d0e0e4736, 0000000000000000, 01",
        "4bf92f3577b34da6a3ce929d0e0e4736, 00F067AA0BA902B7, 01",
        "4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, 1",
        "4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7, x1"
    })
    void constructor_eachMalformedField_isRejected(String traceId, String spanId, String flags) {
        assertThatThrownBy(() -> new TraceParent(traceId, spanId, flags)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_zeroFlags_areAccepted() {
        assertThat(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "00"))
                .hasToString("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    }
}
