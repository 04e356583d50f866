package org.auditedrecords.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateOfBirthTest {

    @ParameterizedTest
    @CsvSource({
            "1980,       1980-01-01, 1980-12-31",
            "1980-06,    1980-06-01, 1980-06-30",
            "2024-02,    2024-02-01, 2024-02-29",
            "2023-02,    2023-02-01, 2023-02-28",
            "1980-06-15, 1980-06-15, 1980-06-15",
            "2000-02-29, 2000-02-29, 2000-02-29",
            "0001,       0001-01-01, 0001-12-31"})
    void parse_eachPrecision_standsForItsWholePeriod(String text, LocalDate first, LocalDate last) {
        DateOfBirth date = DateOfBirth.parse(text).orElseThrow();

        assertThat(date.text()).isEqualTo(text);
        assertThat(date.firstDay()).isEqualTo(first);
        assertThat(date.lastDay()).isEqualTo(last);
    }

    @ParameterizedTest
    @ValueSource(strings = {"80", "19800", "1980-6", "1980-06-1", "1980-13", "1980-00", "1980-06-31", "1900-02-29",
            "1980-06-00", "0000", "1980/06/15", "15-06-1980", "1980-06-15T00:00", " 1980", "1980-", "١٩٨٠"})
    void parse_notAValidDateInOneOfTheThreeFormats_isEmpty(String text) {
        assertThat(DateOfBirth.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "2025,       false",
            "2025-06,    false",
            "2025-06-15, false",
            "2025-06-16, true",
            "2025-07,    true",
            "2026,       true"})
    void isAfter_today_onlyWhenTheWholePeriodIsLater(String text, boolean future) {
        assertThat(DateOfBirth.parse(text).orElseThrow().isAfter(LocalDate.of(2025, 6, 15))).isEqualTo(future);
    }
}
