package dev.tracehound.analytics.query;

import dev.tracehound.analytics.SpanRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to look for: traces with at least one span the filter selects.
 *
 * @param cursor from the previous page's {@link TracePage#nextCursor()}, for the page after it
 */
public record TraceSearch(SpanFilter filter, Sort sort, int limit, Optional<String> cursor) {

    static final Duration MAX_WINDOW = QueryParts.MAX_WINDOW;
    static final int MAX_LIMIT = 1_000;

    /** Newest first (by the latest matching span's start), or slowest first (by the longest matching span). */
    public enum Sort { TIME, DURATION }

    public TraceSearch {
        Objects.requireNonNull(filter, "filter");
        sort = sort == null ? Sort.TIME : sort;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        cursor = cursor == null ? Optional.empty() : cursor.filter(c -> !c.isBlank());
    }

    /** The traces with a span in the window, newest first, 50 a page. */
    public static TraceSearch in(Instant from, Instant to) {
        return new TraceSearch(SpanFilter.in(from, to), Sort.TIME, 50, Optional.empty());
    }

    public TraceSearch withService(String value) {
        return new TraceSearch(filter.withService(value), sort, limit, cursor);
    }

    public TraceSearch withStatus(SpanRow.StatusCode value) {
        return new TraceSearch(filter.withStatus(value), sort, limit, cursor);
    }

    public TraceSearch withMinDuration(Duration value) {
        return new TraceSearch(filter.withDurations(Optional.of(value), filter.maxDuration()), sort, limit, cursor);
    }

    TraceSearch withAttribute(AttributeFilter attribute) {
        return new TraceSearch(filter.withAttribute(attribute), sort, limit, cursor);
    }

    TraceSearch withText(String value) {
        return new TraceSearch(filter.withText(value), sort, limit, cursor);
    }

    TraceSearch onlyRoots() {
        return new TraceSearch(filter.onlyRoots(), sort, limit, cursor);
    }

    TraceSearch sortedBy(Sort value, int pageSize) {
        return new TraceSearch(filter, value, pageSize, cursor);
    }

    TraceSearch after(String pageCursor) {
        return new TraceSearch(filter, sort, limit, Optional.of(pageCursor));
    }
}
