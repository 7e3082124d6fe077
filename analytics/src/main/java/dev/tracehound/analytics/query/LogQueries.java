package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Log records: searched in a window, and those of a trace. Every value a caller gives reaches
 * SQL as a bound literal; column names come from this class only.
 */
public final class LogQueries {

    /** Logs of a trace are looked for this far around its spans: a record may be written just before or after. */
    static final Duration AROUND_TRACE = Duration.ofMinutes(1);

    private static final Pattern WORDS = Pattern.compile("\\s+");
    // Characters re2 gives a meaning to; each is escaped so a word matches as written.
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");
    private static final String COLUMNS = """
            project_id, time_ns, observed_time_ns, trace_id, span_id, severity_number, severity_text, service_name,
            body, resource_attributes.key, resource_attributes.value, log_attributes.key, log_attributes.value,
            scope_name, bitAnd(cityHash64(time_ns, observed_time_ns, trace_id, span_id, service_name, body),
            9223372036854775807) AS row_hash""";

    /** The matching records, newest first: a search's page, and what live tail reads of new batches. */
    private static final String NEWEST_FIRST = """
            SELECT <columns>
            FROM logs
            WHERE project_id = {project:String}
            <conditions>ORDER BY time_ns DESC, row_hash DESC
            LIMIT {limit:UInt32}""";

    /** Records after a page's last one, by time and then row hash, as {@link #NEWEST_FIRST} orders them. */
    private static final String AFTER_CURSOR = """
            (time_ns < {afterTime:UInt64} OR (time_ns = {afterTime:UInt64} AND row_hash < {afterHash:UInt64}))""";

    /** How many records match, overall ({@code <key>} empty) or per service: see {@link #count}. */
    private static final String COUNTS = """
            SELECT <key> AS service, count() AS c
            FROM logs
            WHERE project_id = {project:String}
            <conditions>GROUP BY service
            ORDER BY c DESC, service
            LIMIT {limit:UInt32}""";

    /** As {@link #COUNTS}, per time bucket. */
    private static final String COUNT_BUCKETS = """
            SELECT intDiv(time_ns, {widthNs:UInt64}) AS bucket, <key> AS service, count() AS c
            FROM logs
            WHERE project_id = {project:String}
            <conditions>GROUP BY bucket, service""";

    private static final String BY_SERVICE = "service_name";
    private static final String OVERALL = "''";
    /** The services of a count: the largest by records. */
    static final int MAX_SERVICES = 100;

    private final ProjectQueries queries;

    public LogQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /** @throws IllegalArgumentException for a cursor this search did not make, or a malformed trace id */
    public LogPage search(String projectId, LogSearch search) {
        var where = where(search);
        if (search.cursor().isPresent()) {
            Cursor after = Cursor.decode(search.cursor().get());
            where.and(AFTER_CURSOR)
                    .bind("afterTime", after.timeNanos()).bind("afterHash", after.rowHash());
        }
        List<Row> rows = queries.query(projectId, newestFirst(where, search.limit() + 1));
        List<Row> page = QueryParts.upTo(rows, search.limit());
        Optional<String> next = rows.size() > search.limit()
                ? Optional.of(new Cursor(page.getLast().longValue("time_ns"),
                        page.getLast().longValue("row_hash")).encode())
                : Optional.empty();
        return new LogPage(page.stream().map(LogQueries::log).toList(), next);
    }

    /**
     * How many records of the search's window match its filters (its limit and cursor aside):
     * one count under the empty key, or with {@code byService} one per service, the
     * {@value #MAX_SERVICES} largest, largest first; a service without records is not listed.
     */
    public Map<String, Long> count(String projectId, LogSearch search, boolean byService) {
        var where = where(search).bind("limit", byService ? MAX_SERVICES : 1);
        var counts = new LinkedHashMap<String, Long>();
        for (Row row : queries.query(projectId, where.boundTo(Fragments.fill(COUNTS,
                Map.of("key", byService ? BY_SERVICE : OVERALL, "conditions", where.text()))))) {
            counts.put(row.string("service"), row.longValue("c"));
        }
        if (!byService) {
            counts.putIfAbsent("", 0L);
        }
        return counts;
    }

    /**
     * As {@link #count}, per bucket of {@code bucketWidth} (aligned to the epoch) over the
     * search's window; with {@code byService}, the {@code services} largest over the window.
     */
    public LogCounts countSeries(String projectId, LogSearch search, boolean byService, int services,
            Duration bucketWidth) {
        AggregateQueries.checkBucketWidth(search.from(), search.to(), bucketWidth);
        long widthNs = bucketWidth.toNanos();
        long first = Math.floorDiv(QueryParts.nanos(search.from()), widthNs);
        int count = (int) (Math.floorDiv(QueryParts.nanos(search.to()) - 1, widthNs) - first + 1);
        List<String> keys = byService
                ? QueryParts.upTo(List.copyOf(count(projectId, search, true).keySet()), Math.max(1, services))
                : List.of("");
        var series = new LinkedHashMap<String, List<Long>>();
        keys.forEach(k -> series.put(k, new ArrayList<>(Collections.nCopies(count, 0L))));
        if (!keys.isEmpty()) {
            var where = where(search).bind("widthNs", widthNs);
            if (byService) {
                where.and("service_name IN (" + QueryParts.inList("service", keys.size()) + ")");
                for (int i = 0; i < keys.size(); i++) {
                    where.bind("service" + i, keys.get(i));
                }
            }
            for (Row row : queries.query(projectId, where.boundTo(Fragments.fill(COUNT_BUCKETS,
                    Map.of("key", byService ? BY_SERVICE : OVERALL, "conditions", where.text()))))) {
                series.get(row.string("service")).set((int) (row.longValue("bucket") - first), row.longValue("c"));
            }
        }
        return new LogCounts(bucketWidth, AggregateQueries.starts(first, count, widthNs), series);
    }

    /** The records of a trace, newest first, from a minute before its first span to a minute after its last. */
    public LogPage ofTrace(String projectId, String traceId, int limit) {
        String id = QueryParts.traceId(traceId);
        Optional<QueryParts.TraceSeconds> seconds = QueryParts.traceSeconds(queries, projectId, id);
        if (seconds.isEmpty()) {
            return new LogPage(List.of(), Optional.empty());
        }
        Instant from = seconds.get().first().minus(AROUND_TRACE);
        Instant to = seconds.get().last().plusSeconds(1).plus(AROUND_TRACE);
        if (Duration.between(from, to).compareTo(QueryParts.MAX_WINDOW) > 0) {
            from = to.minus(QueryParts.MAX_WINDOW);
        }
        return search(projectId, LogSearch.in(from, to).ofTrace(id).pagesOf(limit));
    }

    /**
     * The conditions on the {@code logs} table for every filter of {@code search} but its cursor,
     * without the project filter; live tail uses them too.
     */
    static Conditions where(LogSearch search) {
        var where = new Conditions()
                .and("timestamp >= {from:DateTime} AND timestamp <= {to:DateTime}")
                .and("time_ns >= {fromNs:UInt64} AND time_ns < {toNs:UInt64}")
                .bind("from", search.from()).bind("to", search.to())
                .bind("fromNs", QueryParts.nanos(search.from())).bind("toNs", QueryParts.nanos(search.to()));
        search.minSeverity().ifPresent(v -> where.and("severity_number >= {severity:UInt8}", "severity", v));
        search.service().ifPresent(v -> where.and("service_name = {service:String}", "service", v));
        search.traceId().ifPresent(v -> where.and("trace_id = {trace:String}", "trace", QueryParts.traceId(v)));
        search.text().ifPresent(text -> {
            String[] words = WORDS.split(text.strip());
            for (int i = 0; i < words.length && i < 10; i++) {
                // The cheap substring test first; the word-boundary regex only where it passed.
                where.and("positionCaseInsensitiveUTF8(body, {word" + i + ":String}) > 0", "word" + i, words[i]);
                // Lower-cased on both sides, not (?i): 18.16 pre-filters a regex by its literal part
                // case-sensitively, so "(?i)...TIMEOUT..." never matched "timeout".
                where.and("match(lowerUTF8(body), {wordRegex" + i + ":String})", "wordRegex" + i,
                        wordRegex(words[i].toLowerCase(java.util.Locale.ROOT)));
            }
        });
        for (int i = 0; i < search.attributes().size(); i++) {
            where.attribute(i, search.attributes().get(i), "log_attributes");
        }
        return where;
    }

    /** The records {@code where} matches, newest first, at most {@code limit}; for {@link #log} to read. */
    static Sql newestFirst(Conditions where, int limit) {
        where.bind("limit", limit);
        return where.boundTo(Fragments.fill(NEWEST_FIRST, Map.of("columns", COLUMNS, "conditions", where.text())));
    }

    private static String wordRegex(String word) {
        return "(^|[^\\p{L}\\p{N}_])" + REGEX_SPECIAL.matcher(word).replaceAll("\\\\$0") + "($|[^\\p{L}\\p{N}_])";
    }

    static LogRow log(Row row) {
        JsonNode f = row.fields();
        return new LogRow(row.string("project_id"), row.longValue("time_ns"), row.longValue("observed_time_ns"),
                row.string("trace_id"), row.string("span_id"), (int) row.longValue("severity_number"),
                row.string("severity_text"), row.string("service_name"), row.string("body"),
                QueryParts.pairs(f.get("resource_attributes.key"), f.get("resource_attributes.value")),
                QueryParts.pairs(f.get("log_attributes.key"), f.get("log_attributes.value")), row.string("scope_name"));
    }

    /** Where a page ended: its last record's time and 63-bit row hash (records have no id); opaque to callers. */
    private record Cursor(long timeNanos, long rowHash) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (timeNanos + ":" + rowHash).getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                int colon = text.indexOf(':');
                var decoded = new Cursor(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
                if (decoded.timeNanos() < 0 || decoded.rowHash() < 0) {
                    throw new IllegalArgumentException("negative");
                }
                return decoded;
            } catch (RuntimeException e) {
                throw new InvalidQueryException("'" + cursor + "' is not a cursor of a log search");
            }
        }
    }
}
