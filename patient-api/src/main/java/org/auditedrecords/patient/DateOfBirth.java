package org.auditedrecords.patient;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date of birth as precise as it is known: a year ({@code YYYY}), a month ({@code YYYY-MM}) or a day
 * ({@code YYYY-MM-DD}). It stands for the period from {@link #firstDay} to {@link #lastDay}, both inclusive: all of
 * 1980 for {@code 1980}, 1 to 29 February for {@code 2024-02}, one day for a full date.
 *
 * @param text the date exactly as given, which is what is stored and returned
 */
public record DateOfBirth(String text, LocalDate firstDay, LocalDate lastDay) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");

    public DateOfBirth {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
    }

    /**
     * Parses {@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}; empty unless it is one of these and a real date
     * (month 01–12, a day the month has, year 0001 or later).
     */
    public static Optional<DateOfBirth> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            if (year < 1) {
                return Optional.empty();
            }
            if (m.group(2) == null) {
                return Optional.of(new DateOfBirth(text, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
            }
            YearMonth month = YearMonth.of(year, Integer.parseInt(m.group(2)));
            if (m.group(3) == null) {
                return Optional.of(new DateOfBirth(text, month.atDay(1), month.atEndOfMonth()));
            }
            LocalDate day = month.atDay(Integer.parseInt(m.group(3)));
            return Optional.of(new DateOfBirth(text, day, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the whole period is after {@code today}: {@code 2025} is not in the future on 2025-06-01. */
    public boolean isAfter(LocalDate today) {
        return firstDay.isAfter(today);
    }

    @Override
    public String toString() {
        return text;
    }
}
