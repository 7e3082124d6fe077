package dev.tracehound.app.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The time range of a GET that takes {@code from} and {@code to} as ISO-8601 query parameters:
 * the last hour unless given, {@code to} exclusive.
 */
record QueryRange(Instant from, Instant to) {

    private static final Duration DEFAULT = Duration.ofHours(1);

    static QueryRange of(String from, String to, Clock clock) {
        Instant end = to == null || to.isBlank() ? clock.instant() : instant("to", to);
        return new QueryRange(from == null || from.isBlank() ? end.minus(DEFAULT) : instant("from", from), end);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'" + name + "' must be an ISO-8601 instant such as 2026-11-20T10:00:00Z,"
                    + " got '" + value + "'");
        }
    }
}
