package dev.tracehound.app.api;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.SpanFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which spans to read, as the query API takes it: spans starting in {@code [from, to)}
 * (ISO-8601 instants, at most 7 days apart) matching every filter given.
 *
 * @param minDurationMs spans at least this long, in milliseconds (fractions allowed)
 * @param text          found, ignoring case, in a span's name or status message
 */
record SpanFilterBody(Instant from, Instant to, String service, String spanName, SpanRow.StatusCode status,
        Double minDurationMs, Double maxDurationMs, List<AttributeFilterBody> attributes, String text,
        Boolean rootsOnly) {

    /** The spans a request body's {@code filter} selects; the filter is required. */
    static SpanFilter required(SpanFilterBody filter) {
        if (filter == null) {
            throw new InvalidRequestException("'filter' is required, with at least 'from' and 'to'");
        }
        return filter.toFilter();
    }

    SpanFilter toFilter() {
        requireWindow(from, to);
        return new SpanFilter(from, to, Optional.ofNullable(service), Optional.ofNullable(spanName),
                Optional.ofNullable(status), millis("minDurationMs", minDurationMs),
                millis("maxDurationMs", maxDurationMs), AttributeFilterBody.toFilters(attributes),
                Optional.ofNullable(text), Boolean.TRUE.equals(rootsOnly));
    }

    static Optional<Duration> millis(String name, Double value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNaN() || value < 0 || value > Duration.ofDays(365).toMillis()) {
            throw new InvalidRequestException(name + " must be a number of milliseconds from 0, was " + value);
        }
        return Optional.of(Duration.ofNanos(Math.round(value * 1_000_000)));
    }

    /**
     * One attribute condition. {@code scope}: {@code record} (the span's or log record's own
     * attributes, the default) or {@code resource}; {@code op}: {@code equals} (default),
     * {@code not_equals}, {@code contains} or {@code exists}.
     */
    record AttributeFilterBody(AttributeFilter.Scope scope, String key, AttributeFilter.Op op, String value) {

        AttributeFilter toFilter() {
            return new AttributeFilter(scope == null ? AttributeFilter.Scope.RECORD : scope, key,
                    op == null ? AttributeFilter.Op.EQUALS : op, value);
        }

        static List<AttributeFilter> toFilters(List<AttributeFilterBody> bodies) {
            return bodies == null ? List.of() : bodies.stream().map(AttributeFilterBody::toFilter).toList();
        }
    }

    /** The time range every query needs. */
    static void requireWindow(Instant from, Instant to) {
        if (from == null || to == null) {
            throw new InvalidRequestException("'from' and 'to' are required: ISO-8601 instants such as "
                    + "2026-11-20T10:00:00Z, at most 7 days apart");
        }
    }
}
