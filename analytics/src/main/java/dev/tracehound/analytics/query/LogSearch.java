package dev.tracehound.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to look for among log records of {@code [from, to)}: all filters given must hold.
 *
 * @param minSeverity the lowest OTLP severity number to show (9 INFO, 13 WARN, 17 ERROR)
 * @param text        words that must all appear in the body as whole words, ignoring case
 * @param traceId     only the records of this trace
 * @param cursor      from the previous page's {@link LogPage#nextCursor()}
 */
public record LogSearch(
        Instant from,
        Instant to,
        Optional<Integer> minSeverity,
        Optional<String> service,
        Optional<String> text,
        List<AttributeFilter> attributes,
        Optional<String> traceId,
        int limit,
        Optional<String> cursor) {

    static final Duration MAX_WINDOW = QueryParts.MAX_WINDOW;
    static final int MAX_LIMIT = 1_000;

    public LogSearch {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        QueryParts.checkWindow(from, to);
        minSeverity = minSeverity == null ? Optional.empty() : minSeverity;
        minSeverity.ifPresent(s -> {
            if (s < 0 || s > 24) {
                throw new InvalidQueryException("a severity number is 0 to 24, got " + s);
            }
        });
        service = service == null ? Optional.empty() : service;
        text = text == null ? Optional.empty() : text.filter(t -> !t.isBlank());
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        if (attributes.size() > 20) {
            throw new InvalidQueryException("at most 20 attribute filters, got " + attributes.size());
        }
        traceId = traceId == null ? Optional.empty() : traceId.map(t -> t.strip().toLowerCase(java.util.Locale.ROOT));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        cursor = cursor == null ? Optional.empty() : cursor;
    }

    /** The records of the window, newest first, 100 a page. */
    public static LogSearch in(Instant from, Instant to) {
        return new LogSearch(from, to, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), 100, Optional.empty());
    }

    LogSearch withMinSeverity(int value) {
        return new LogSearch(from, to, Optional.of(value), service, text, attributes, traceId, limit, cursor);
    }

    LogSearch withService(String value) {
        return new LogSearch(from, to, minSeverity, Optional.of(value), text, attributes, traceId, limit, cursor);
    }

    public LogSearch withText(String value) {
        return new LogSearch(from, to, minSeverity, service, Optional.of(value), attributes, traceId, limit, cursor);
    }

    LogSearch withAttribute(AttributeFilter filter) {
        var all = new ArrayList<>(attributes);
        all.add(filter);
        return new LogSearch(from, to, minSeverity, service, text, all, traceId, limit, cursor);
    }

    LogSearch ofTrace(String value) {
        return new LogSearch(from, to, minSeverity, service, text, attributes, Optional.of(value), limit, cursor);
    }

    LogSearch pagesOf(int pageSize) {
        return new LogSearch(from, to, minSeverity, service, text, attributes, traceId, pageSize, cursor);
    }

    LogSearch after(String pageCursor) {
        return new LogSearch(from, to, minSeverity, service, text, attributes, traceId, limit, Optional.of(pageCursor));
    }
}
