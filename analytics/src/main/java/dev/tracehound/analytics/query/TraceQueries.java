package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Traces: by id, and searched. The trace index says which seconds a trace spans, so fetching
 * a trace reads only the parts of those hours, not the project's whole history. Every value a
 * caller gives reaches SQL as a bound literal; column names come from this class only.
 */
public final class TraceQueries {

    /** More spans than this in one trace are cut, and the detail says so. */
    public static final int MAX_SPANS = 10_000;

    private static final Comparator<SpanRow> BY_START =
            Comparator.comparingLong(SpanRow::startTimeNanos).thenComparing(SpanRow::name).thenComparing(SpanRow::spanId);

    /** A trace's spans in the seconds the trace index gives; a span stored twice is read once. */
    private static final String TRACE_SPANS = """
            SELECT <columns>
            FROM spans
            WHERE project_id = {project:String} AND trace_id = {trace:String}
              AND timestamp >= {first:DateTime} AND timestamp <= {last:DateTime}
            ORDER BY start_time_ns
            LIMIT 1 BY span_id
            LIMIT {limit:UInt32}""";

    /** A page of the traces with a matching span, by their latest start or longest duration. */
    private static final String SEARCH = """
            SELECT trace_id, max(<sortKey>) AS sort_key
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY trace_id
            <afterCursor>ORDER BY sort_key DESC, trace_id DESC
            LIMIT {limit:UInt32}""";

    /** Traces after a page's last one, as {@link #SEARCH} orders them. */
    private static final String AFTER_CURSOR = """
            HAVING sort_key < {afterKey:UInt64} OR (sort_key = {afterKey:UInt64} AND trace_id < {afterTrace:String})
            """;

    /** The seconds a page of traces covers, by the trace index; {@code <ids>} is an IN list of bound ids. */
    private static final String PAGE_SECONDS = """
            SELECT toUInt32(min(start_time)) AS first, toUInt32(max(end_time)) AS last
            FROM trace_index
            WHERE project_id = {project:String} AND trace_id IN (<ids>)""";

    /** A page of traces summed up, read in the seconds they cover. */
    private static final String SUMMARIES = """
            SELECT trace_id, uniqExact(span_id) AS spans, uniqExactIf(span_id, status_code = 'ERROR') AS errors,
                   min(start_time_ns) AS start, max(start_time_ns + duration_ns) AS end,
                   countIf(parent_span_id = '') AS roots,
                   argMinIf(name, start_time_ns, parent_span_id = '') AS root_name,
                   argMinIf(service_name, start_time_ns, parent_span_id = '') AS root_service,
                   argMin(name, start_time_ns) AS first_name,
                   argMin(service_name, start_time_ns) AS first_service,
                   groupUniqArray(service_name) AS services
            FROM spans
            WHERE project_id = {project:String} AND trace_id IN (<ids>)
              AND timestamp >= {first:DateTime} AND timestamp <= {last:DateTime}
            GROUP BY trace_id""";

    private final ProjectQueries queries;

    public TraceQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /**
     * The trace's spans as a tree, or empty when the project has no span of it.
     *
     * @throws IllegalArgumentException when {@code traceId} is not 32 hex digits
     */
    public Optional<TraceDetail> trace(String projectId, String traceId) {
        String id = QueryParts.traceId(traceId);
        Optional<QueryParts.TraceSeconds> seconds = QueryParts.traceSeconds(queries, projectId, id);
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        // A span stored twice (sent again after the de-duplication window) is shown once.
        List<Row> rows = queries.query(projectId, Sql.of(Fragments.fill(TRACE_SPANS, Map.of("columns", SpanRows.COLUMNS)))
                .bind("trace", id)
                .bind("first", seconds.get().first())
                .bind("last", seconds.get().last())
                .bind("limit", MAX_SPANS + 1));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var spans = new ArrayList<SpanRow>(rows.size());
        for (Row row : QueryParts.upTo(rows, MAX_SPANS)) {
            spans.add(SpanRows.of(row));
        }
        return Optional.of(tree(id, spans, rows.size() > MAX_SPANS));
    }

    /**
     * Traces with a span in the window matching every filter, newest or slowest first, one
     * page at a time.
     *
     * @throws IllegalArgumentException for a cursor this search did not make
     */
    public TracePage search(String projectId, TraceSearch search) {
        var where = search.filter().where();
        String afterCursor = "";
        if (search.cursor().isPresent()) {
            Cursor after = Cursor.decode(search.cursor().get());
            afterCursor = AFTER_CURSOR;
            where.bind("afterKey", after.sortKey()).bind("afterTrace", after.traceId());
        }
        where.bind("limit", search.limit() + 1);
        List<Row> matches = queries.query(projectId, where.boundTo(Fragments.fill(SEARCH, Map.of(
                "sortKey", search.sort() == TraceSearch.Sort.TIME ? "start_time_ns" : "duration_ns",
                "conditions", where.text(), "afterCursor", afterCursor))));
        List<Row> page = QueryParts.upTo(matches, search.limit());
        Optional<String> next = matches.size() > search.limit()
                ? Optional.of(new Cursor(page.getLast().longValue("sort_key"), page.getLast().string("trace_id")).encode())
                : Optional.empty();
        List<String> ids = page.stream().map(r -> r.string("trace_id")).toList();
        return new TracePage(summaries(projectId, ids), next);
    }

    /** Summaries of the given traces, in the given order; read where each lives, by the trace index. */
    private List<TracePage.Summary> summaries(String projectId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var idList = Map.of("ids", QueryParts.inList("id", ids.size()));
        Row range = queries.query(projectId, QueryParts.bindList(Sql.of(Fragments.fill(PAGE_SECONDS, idList)), "id", ids))
                .getFirst();
        var byId = new HashMap<String, TracePage.Summary>();
        for (Row row : queries.query(projectId, QueryParts.bindList(Sql.of(Fragments.fill(SUMMARIES, idList)), "id", ids)
                .bind("first", Instant.ofEpochSecond(range.longValue("first")))
                .bind("last", Instant.ofEpochSecond(range.longValue("last"))))) {
            boolean rooted = row.longValue("roots") > 0;
            var services = new ArrayList<String>();
            row.fields().get("services").forEach(s -> services.add(s.asString()));
            services.sort(null);
            long start = row.longValue("start");
            byId.put(row.string("trace_id"), new TracePage.Summary(row.string("trace_id"),
                    row.string(rooted ? "root_name" : "first_name"), row.string(rooted ? "root_service" : "first_service"),
                    start, row.longValue("end") - start, row.longValue("spans"), row.longValue("errors"),
                    List.copyOf(services)));
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Where a page ended: its last trace's sort key and id; opaque to callers. */
    private record Cursor(long sortKey, String traceId) {

        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((sortKey + ":" + traceId).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        static Cursor decode(String cursor) {
            try {
                String text = new String(java.util.Base64.getUrlDecoder().decode(cursor),
                        java.nio.charset.StandardCharsets.US_ASCII);
                int colon = text.indexOf(':');
                var decoded = new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
                if (decoded.sortKey() < 0 || !QueryParts.isTraceId(decoded.traceId())) {
                    throw new IllegalArgumentException("bad cursor");
                }
                return decoded;
            } catch (RuntimeException e) {
                throw new InvalidQueryException("'" + cursor + "' is not a cursor of a trace search");
            }
        }
    }

    static TraceDetail tree(String traceId, List<SpanRow> spans, boolean truncated) {
        var byId = new HashMap<String, SpanRow>();
        for (SpanRow span : spans) {
            byId.putIfAbsent(span.spanId(), span);
        }
        var children = new HashMap<String, List<SpanRow>>();
        var roots = new ArrayList<SpanRow>();
        for (SpanRow span : byId.values()) {
            if (span.parentSpanId().isEmpty() || !byId.containsKey(span.parentSpanId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>()).add(span);
            }
        }
        children.values().forEach(list -> list.sort(BY_START));
        roots.sort(BY_START);

        Set<String> critical = new HashSet<>();
        roots.stream().max(Comparator.comparingLong(SpanRow::endTimeNanos)
                        .thenComparingLong(SpanRow::durationNanos))
                .ifPresent(root -> markCritical(root, root.endTimeNanos(), children, critical));

        var placed = new HashSet<String>();
        var nodes = new ArrayList<TraceDetail.Node>();
        for (SpanRow root : roots) {
            nodes.add(node(root, children, critical, placed, byId));
        }
        // Spans whose parents form a loop are reachable from no root: they are shown as roots.
        for (SpanRow span : byId.values().stream().sorted(BY_START).toList()) {
            if (!placed.contains(span.spanId())) {
                nodes.add(node(span, children, critical, placed, byId));
            }
        }

        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int errors = 0;
        var services = new TreeSet<String>();
        for (SpanRow span : byId.values()) {
            start = Math.min(start, span.startTimeNanos());
            end = Math.max(end, span.endTimeNanos());
            errors += span.statusCode() == SpanRow.StatusCode.ERROR ? 1 : 0;
            services.add(span.serviceName());
        }
        return new TraceDetail(traceId, start, end, byId.size(), errors, List.copyOf(services), List.copyOf(nodes),
                truncated);
    }

    /**
     * The critical path below {@code span} up to {@code until}: walking back from the end, the
     * child that finished last before the point reached, then the one before its start, and so
     * on; each such child's own path is taken the same way.
     */
    private static void markCritical(SpanRow span, long until, Map<String, List<SpanRow>> children,
            Set<String> critical) {
        if (!critical.add(span.spanId())) {
            return;
        }
        long cursor = Math.min(span.endTimeNanos(), until);
        List<SpanRow> byEnd = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
        byEnd.sort(Comparator.comparingLong(SpanRow::endTimeNanos).reversed());
        for (SpanRow child : byEnd) {
            if (child.startTimeNanos() < cursor) {
                markCritical(child, cursor, children, critical);
                cursor = child.startTimeNanos();
            }
        }
    }

    private static TraceDetail.Node node(SpanRow span, Map<String, List<SpanRow>> children, Set<String> critical,
            Set<String> placed, Map<String, SpanRow> byId) {
        placed.add(span.spanId());
        var kids = new ArrayList<TraceDetail.Node>();
        for (SpanRow child : children.getOrDefault(span.spanId(), List.of())) {
            if (!placed.contains(child.spanId())) {
                kids.add(node(child, children, critical, placed, byId));
            }
        }
        boolean orphan = !span.parentSpanId().isEmpty() && !byId.containsKey(span.parentSpanId());
        return new TraceDetail.Node(span, critical.contains(span.spanId()), orphan, List.copyOf(kids));
    }
}
