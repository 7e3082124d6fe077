package dev.tracehound.app.api;

import dev.tracehound.analytics.query.LogSearch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A log search over {@code [from, to)}, newest first.
 *
 * @param minSeverity the lowest OTLP severity number (9 INFO, 13 WARN, 17 ERROR)
 * @param text        words that must all appear in the body as whole words, ignoring case
 * @param traceId     only the records of this trace
 * @param limit       records a page, 1 to 1000, 100 by default
 * @param cursor      the previous page's {@code nextCursor}
 */
record LogSearchBody(Instant from, Instant to, Integer minSeverity, String service, String text,
        List<SpanFilterBody.AttributeFilterBody> attributes, String traceId, Integer limit, String cursor) {

    LogSearch toSearch() {
        SpanFilterBody.requireWindow(from, to);
        return new LogSearch(from, to, Optional.ofNullable(minSeverity), Optional.ofNullable(service),
                Optional.ofNullable(text), SpanFilterBody.AttributeFilterBody.toFilters(attributes),
                Optional.ofNullable(traceId), limit == null ? 100 : limit, Optional.ofNullable(cursor));
    }
}
