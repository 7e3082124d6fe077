package dev.tracehound.analytics.query;

import dev.tracehound.analytics.SpanRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which new records a live tail delivers: those matching every filter given. It has no time
 * range: a tail follows what is stored from now on. Empty optionals and lists filter nothing.
 * The filters mean what they mean in trace search ({@link SpanFilter}) and log search
 * ({@link LogSearch}); {@link TailRequest} refuses those that do not apply to its signal.
 *
 * @param spanName    spans only
 * @param status      spans only
 * @param minDuration spans only
 * @param text        spans: found, ignoring case, in the name or status message; logs: words that
 *                    must all appear in the body as whole words, ignoring case
 * @param minSeverity logs only: the lowest OTLP severity number (9 INFO, 13 WARN, 17 ERROR)
 * @param traceId     only the records of this trace
 */
public record TailFilter(
        Optional<String> service,
        Optional<String> spanName,
        Optional<SpanRow.StatusCode> status,
        Optional<Duration> minDuration,
        List<AttributeFilter> attributes,
        Optional<String> text,
        Optional<Integer> minSeverity,
        Optional<String> traceId) {

    static final int MAX_ATTRIBUTE_FILTERS = SpanFilter.MAX_ATTRIBUTE_FILTERS;

    public TailFilter {
        service = blankIsEmpty(service);
        spanName = blankIsEmpty(spanName);
        status = status == null ? Optional.empty() : status;
        minDuration = minDuration == null ? Optional.empty() : minDuration;
        minDuration.ifPresent(d -> {
            if (d.isNegative()) {
                throw new InvalidQueryException("minDuration is negative: " + d);
            }
        });
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        if (attributes.size() > MAX_ATTRIBUTE_FILTERS) {
            throw new InvalidQueryException(
                    "at most " + MAX_ATTRIBUTE_FILTERS + " attribute filters, got " + attributes.size());
        }
        text = blankIsEmpty(text);
        minSeverity = minSeverity == null ? Optional.empty() : minSeverity;
        minSeverity.ifPresent(s -> {
            if (s < 0 || s > 24) {
                throw new InvalidQueryException("a severity number is 0 to 24, got " + s);
            }
        });
        traceId = blankIsEmpty(traceId).map(QueryParts::traceId);
    }

    /** Every new record. */
    static TailFilter everything() {
        return new TailFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    TailFilter withService(String value) {
        return new TailFilter(Optional.of(value), spanName, status, minDuration, attributes, text, minSeverity,
                traceId);
    }

    TailFilter withSpanName(String value) {
        return new TailFilter(service, Optional.of(value), status, minDuration, attributes, text, minSeverity,
                traceId);
    }

    TailFilter withStatus(SpanRow.StatusCode value) {
        return new TailFilter(service, spanName, Optional.of(value), minDuration, attributes, text, minSeverity,
                traceId);
    }

    TailFilter withMinDuration(Duration value) {
        return new TailFilter(service, spanName, status, Optional.of(value), attributes, text, minSeverity, traceId);
    }

    TailFilter withAttribute(AttributeFilter filter) {
        var all = new ArrayList<>(attributes);
        all.add(filter);
        return new TailFilter(service, spanName, status, minDuration, all, text, minSeverity, traceId);
    }

    TailFilter withText(String value) {
        return new TailFilter(service, spanName, status, minDuration, attributes, Optional.of(value), minSeverity,
                traceId);
    }

    TailFilter withMinSeverity(int value) {
        return new TailFilter(service, spanName, status, minDuration, attributes, text, Optional.of(value), traceId);
    }

    TailFilter ofTrace(String value) {
        return new TailFilter(service, spanName, status, minDuration, attributes, text, minSeverity,
                Optional.of(value));
    }

    /** The filters that only spans have, by name, for a message that says which ones a log tail refused. */
    List<String> spanOnlyFilters() {
        var given = new ArrayList<String>();
        spanName.ifPresent(v -> given.add("spanName"));
        status.ifPresent(v -> given.add("status"));
        minDuration.ifPresent(v -> given.add("minDuration"));
        return given;
    }

    private static Optional<String> blankIsEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }

    /** Spans of {@code [from, to)} matching this filter but for its trace id, which {@link SpanFilter} lacks. */
    SpanFilter spans(Instant from, Instant to) {
        return new SpanFilter(from, to, service, spanName, status, minDuration, Optional.empty(), attributes, text,
                false);
    }

    /** Log records of {@code [from, to)} matching this filter. */
    LogSearch logs(Instant from, Instant to) {
        return new LogSearch(from, to, minSeverity, service, text, attributes, traceId, LogSearch.MAX_LIMIT,
                Optional.empty());
    }
}
