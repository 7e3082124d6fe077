package dev.tracehound.analytics.query;

import dev.tracehound.analytics.SpanRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to look for: traces with at least one span in {@code [from, to)} that matches every
 * filter given. Empty optionals and lists filter nothing.
 *
 * @param text      found, ignoring case, in a span's name or status message
 * @param rootsOnly whether the filters apply to root spans only
 * @param cursor    from the previous page's {@link TracePage#nextCursor()}, for the page after it
 */
public record TraceSearch(
        Instant from,
        Instant to,
        Optional<String> service,
        Optional<String> spanName,
        Optional<SpanRow.StatusCode> status,
        Optional<Duration> minDuration,
        Optional<Duration> maxDuration,
        List<AttributeFilter> attributes,
        Optional<String> text,
        boolean rootsOnly,
        Sort sort,
        int limit,
        Optional<String> cursor) {

    public static final Duration MAX_WINDOW = QueryParts.MAX_WINDOW;
    public static final int MAX_LIMIT = 1_000;

    /** Newest first (by the latest matching span's start), or slowest first (by the longest matching span). */
    public enum Sort { TIME, DURATION }

    public TraceSearch {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        QueryParts.checkWindow(from, to);
        service = service == null ? Optional.empty() : service;
        spanName = spanName == null ? Optional.empty() : spanName;
        status = status == null ? Optional.empty() : status;
        minDuration = minDuration == null ? Optional.empty() : minDuration;
        maxDuration = maxDuration == null ? Optional.empty() : maxDuration;
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        text = text == null ? Optional.empty() : text.filter(t -> !t.isBlank());
        sort = sort == null ? Sort.TIME : sort;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        cursor = cursor == null ? Optional.empty() : cursor;
        // Checks the span filters the way every span query does.
        new SpanFilter(from, to, service, spanName, status, minDuration, maxDuration, attributes, text, rootsOnly);
    }

    /** The spans this search matches; their traces are the result. */
    public SpanFilter filter() {
        return new SpanFilter(from, to, service, spanName, status, minDuration, maxDuration, attributes, text,
                rootsOnly);
    }

    /** The traces with a span in the window, newest first, 50 a page. */
    public static TraceSearch in(Instant from, Instant to) {
        return new TraceSearch(from, to, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), false, Sort.TIME, 50, Optional.empty());
    }

    public TraceSearch withService(String value) {
        return new TraceSearch(from, to, Optional.of(value), spanName, status, minDuration, maxDuration, attributes,
                text, rootsOnly, sort, limit, cursor);
    }

    public TraceSearch withStatus(SpanRow.StatusCode value) {
        return new TraceSearch(from, to, service, spanName, Optional.of(value), minDuration, maxDuration, attributes,
                text, rootsOnly, sort, limit, cursor);
    }

    public TraceSearch withMinDuration(Duration value) {
        return new TraceSearch(from, to, service, spanName, status, Optional.of(value), maxDuration, attributes,
                text, rootsOnly, sort, limit, cursor);
    }

    public TraceSearch withAttribute(AttributeFilter filter) {
        var all = new java.util.ArrayList<>(attributes);
        all.add(filter);
        return new TraceSearch(from, to, service, spanName, status, minDuration, maxDuration, all, text, rootsOnly,
                sort, limit, cursor);
    }

    public TraceSearch withText(String value) {
        return new TraceSearch(from, to, service, spanName, status, minDuration, maxDuration, attributes,
                Optional.of(value), rootsOnly, sort, limit, cursor);
    }

    public TraceSearch onlyRoots() {
        return new TraceSearch(from, to, service, spanName, status, minDuration, maxDuration, attributes, text, true,
                sort, limit, cursor);
    }

    public TraceSearch sortedBy(Sort value, int pageSize) {
        return new TraceSearch(from, to, service, spanName, status, minDuration, maxDuration, attributes, text,
                rootsOnly, value, pageSize, cursor);
    }

    public TraceSearch after(String pageCursor) {
        return new TraceSearch(from, to, service, spanName, status, minDuration, maxDuration, attributes, text,
                rootsOnly, sort, limit, Optional.of(pageCursor));
    }
}
