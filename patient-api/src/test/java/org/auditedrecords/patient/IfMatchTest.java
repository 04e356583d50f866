package org.auditedrecords.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfMatchTest {

    @Test
    void parse_absent_matchesAnyVersion() {
        IfMatch ifMatch = IfMatch.parse(Optional.empty());

        assertThat(ifMatch.given()).isFalse();
        assertThat(ifMatch.matches(1)).isTrue();
        assertThat(ifMatch.matches(42)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"3\"              | 3 | true",
            "\"3\"              | 4 | false",
            "\"2\", \"3\"       | 3 | true",
            "\"2\",\"4\"        | 3 | false",
            "*                  | 9 | true",
            "W/\"3\"            | 3 | false",
            "3                  | 3 | false",
            "\"abc\"            | 3 | false",
            "\"\"               | 3 | false",
            "\"9999999999999999999\" | 3 | false",
            "\"٣\"              | 3 | false"})
    void matches_givenHeader_comparesStrongTagsOnly(String header, long version, boolean expected) {
        IfMatch ifMatch = IfMatch.parse(Optional.of(header));

        assertThat(ifMatch.given()).isTrue();
        assertThat(ifMatch.matches(version)).isEqualTo(expected);
    }

    @Test
    void of_version_isAStrongTagTheParserMatches() {
        String etag = ETag.of(12);

        assertThat(etag).isEqualTo("\"12\"");
        assertThat(IfMatch.parse(Optional.of(etag)).matches(12)).isTrue();
    }
}
