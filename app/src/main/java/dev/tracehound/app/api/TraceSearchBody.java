package dev.tracehound.app.api;

import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.analytics.query.TraceSearch;
import java.util.Optional;

/**
 * A trace search: the traces with a span matching {@code filter}.
 *
 * @param sort   {@code time} (newest first, the default) or {@code duration} (slowest first)
 * @param limit  traces a page, 1 to 1000, 50 by default
 * @param cursor the previous page's {@code nextCursor}
 */
record TraceSearchBody(SpanFilterBody filter, TraceSearch.Sort sort, Integer limit, String cursor) {

    TraceSearch toSearch() {
        if (filter == null) {
            throw new IllegalArgumentException("'filter' is required, with at least 'from' and 'to'");
        }
        SpanFilter spans = filter.toFilter();
        return new TraceSearch(spans.from(), spans.to(), spans.service(), spans.spanName(), spans.status(),
                spans.minDuration(), spans.maxDuration(), spans.attributes(), spans.text(), spans.rootsOnly(),
                sort, limit == null ? 50 : limit, Optional.ofNullable(cursor));
    }
}
