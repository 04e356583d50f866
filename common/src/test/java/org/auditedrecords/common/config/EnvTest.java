package org.auditedrecords.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void required_missingOrBlank_failsNamingTheVariable() {
        Env env = new Env(Map.of("BLANK", "  "));

        assertThatThrownBy(() -> env.required("MISSING")).isInstanceOf(ConfigException.class).hasMessage("Set MISSING.");
        assertThatThrownBy(() -> env.required("BLANK")).hasMessage("Set BLANK.");
    }

    @Test
    void integer_outOfRange_failsWithoutEchoingTheValue() {
        Env env = new Env(Map.of("N", "9999"));

        assertThatThrownBy(() -> env.integer("N", 1, 1, 64))
                .isInstanceOf(ConfigException.class)
                .hasMessage("N must be between 1 and 64.")
                .message().doesNotContain("9999");
    }

    @Test
    void typedReads_validValues_areParsedAndDefaultsApply() {
        Env env = new Env(Map.of("N", "8", "D", "PT30S", "U", "https://vault.example/"));

        assertThat(env.integer("N", 1, 1, 64)).isEqualTo(8);
        assertThat(env.integer("OTHER", 3, 1, 64)).isEqualTo(3);
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.duration("OTHER", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(env.uri("U")).contains(URI.create("https://vault.example/"));
        assertThat(env.uri("OTHER")).isEmpty();
    }

    @Test
    void uri_relative_isRejected() {
        assertThatThrownBy(() -> new Env(Map.of("U", "vault")).uri("U")).hasMessage("U must be an absolute URL.");
    }

    @Test
    void bool_trueFalseAnyCaseOrDefault_otherValuesAreRejected() {
        Env env = new Env(Map.of("YES", "TRUE", "NO", " false ", "MAYBE", "1"));

        assertThat(env.bool("YES", false)).isTrue();
        assertThat(env.bool("NO", true)).isFalse();
        assertThat(env.bool("OTHER", true)).isTrue();
        assertThatThrownBy(() -> env.bool("MAYBE", true)).isInstanceOf(ConfigException.class)
                .hasMessage("MAYBE must be true or false.");
    }
}
