package dev.tracehound.analytics.query;

import dev.tracehound.analytics.SpanRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which spans a query reads: those starting in {@code [from, to)} that match every filter
 * given. Empty optionals and lists filter nothing. Trace search, aggregates, BubbleUp and
 * live tail all select spans this way.
 *
 * @param text      found, ignoring case, in a span's name or status message
 * @param rootsOnly whether only root spans are read
 */
public record SpanFilter(
        Instant from,
        Instant to,
        Optional<String> service,
        Optional<String> spanName,
        Optional<SpanRow.StatusCode> status,
        Optional<Duration> minDuration,
        Optional<Duration> maxDuration,
        List<AttributeFilter> attributes,
        Optional<String> text,
        boolean rootsOnly) {

    static final int MAX_ATTRIBUTE_FILTERS = 20;

    public SpanFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        QueryParts.checkWindow(from, to);
        service = service == null ? Optional.empty() : service.filter(s -> !s.isBlank());
        spanName = spanName == null ? Optional.empty() : spanName.filter(s -> !s.isBlank());
        status = status == null ? Optional.empty() : status;
        minDuration = minDuration == null ? Optional.empty() : minDuration;
        maxDuration = maxDuration == null ? Optional.empty() : maxDuration;
        minDuration.ifPresent(d -> requireNotNegative("minDuration", d));
        maxDuration.ifPresent(d -> requireNotNegative("maxDuration", d));
        if (minDuration.isPresent() && maxDuration.isPresent() && minDuration.get().compareTo(maxDuration.get()) > 0) {
            throw new InvalidQueryException("minDuration is above maxDuration");
        }
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        if (attributes.size() > MAX_ATTRIBUTE_FILTERS) {
            throw new InvalidQueryException(
                    "at most " + MAX_ATTRIBUTE_FILTERS + " attribute filters, got " + attributes.size());
        }
        text = text == null ? Optional.empty() : text.filter(t -> !t.isBlank());
    }

    /** Every span of the window. */
    public static SpanFilter in(Instant from, Instant to) {
        return new SpanFilter(from, to, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), false);
    }

    public SpanFilter withWindow(Instant newFrom, Instant newTo) {
        return new SpanFilter(newFrom, newTo, service, spanName, status, minDuration, maxDuration, attributes, text,
                rootsOnly);
    }

    public SpanFilter withService(String value) {
        return new SpanFilter(from, to, Optional.of(value), spanName, status, minDuration, maxDuration, attributes,
                text, rootsOnly);
    }

    SpanFilter withSpanName(String value) {
        return new SpanFilter(from, to, service, Optional.of(value), status, minDuration, maxDuration, attributes,
                text, rootsOnly);
    }

    public SpanFilter withStatus(SpanRow.StatusCode value) {
        return new SpanFilter(from, to, service, spanName, Optional.of(value), minDuration, maxDuration, attributes,
                text, rootsOnly);
    }

    public SpanFilter withDurations(Optional<Duration> min, Optional<Duration> max) {
        return new SpanFilter(from, to, service, spanName, status, min, max, attributes, text, rootsOnly);
    }

    public SpanFilter withAttribute(AttributeFilter filter) {
        var all = new ArrayList<>(attributes);
        all.add(filter);
        return new SpanFilter(from, to, service, spanName, status, minDuration, maxDuration, all, text, rootsOnly);
    }

    SpanFilter withText(String value) {
        return new SpanFilter(from, to, service, spanName, status, minDuration, maxDuration, attributes,
                Optional.of(value), rootsOnly);
    }

    SpanFilter onlyRoots() {
        return new SpanFilter(from, to, service, spanName, status, minDuration, maxDuration, attributes, text, true);
    }

    /**
     * The conditions on the {@code spans} table, without the project filter (which
     * {@link ProjectQueries} requires of every statement). Binds {@code from}, {@code to},
     * {@code fromNs} and {@code toNs} among others; callers add their own under other names.
     */
    Conditions where() {
        var where = new Conditions()
                .and("timestamp >= {from:DateTime} AND timestamp <= {to:DateTime}")
                .and("start_time_ns >= {fromNs:UInt64} AND start_time_ns < {toNs:UInt64}")
                .bind("from", from).bind("to", to)
                .bind("fromNs", QueryParts.nanos(from)).bind("toNs", QueryParts.nanos(to));
        service.ifPresent(v -> where.and("service_name = {service:String}", "service", v));
        spanName.ifPresent(v -> where.and("name = {spanName:String}", "spanName", v));
        status.ifPresent(v -> where.and("status_code = {status:String}", "status", v.name()));
        minDuration.ifPresent(v -> where.and("duration_ns >= {minNs:UInt64}", "minNs", v.toNanos()));
        maxDuration.ifPresent(v -> where.and("duration_ns <= {maxNs:UInt64}", "maxNs", v.toNanos()));
        if (rootsOnly) {
            where.and("parent_span_id = ''");
        }
        text.ifPresent(v -> where.and("(positionCaseInsensitiveUTF8(name, {text:String}) > 0"
                + " OR positionCaseInsensitiveUTF8(status_message, {text:String}) > 0)", "text", v));
        for (int i = 0; i < attributes.size(); i++) {
            where.attribute(i, attributes.get(i), "span_attributes");
        }
        return where;
    }

    private static void requireNotNegative(String name, Duration duration) {
        if (duration.isNegative()) {
            throw new InvalidQueryException(name + " is negative: " + duration);
        }
    }
}
