package dev.tracehound.app.api;

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
        return new TraceSearch(SpanFilterBody.required(filter), sort, limit == null ? 50 : limit, Optional.ofNullable(cursor));
    }
}
