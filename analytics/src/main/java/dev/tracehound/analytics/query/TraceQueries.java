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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Traces by id. The trace index says which seconds a trace spans, so fetching it reads only
 * the parts of those hours, not the project's whole history.
 */
public final class TraceQueries {

    /** More spans than this in one trace are cut, and the detail says so. */
    public static final int MAX_SPANS = 10_000;

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Comparator<SpanRow> BY_START =
            Comparator.comparingLong(SpanRow::startTimeNanos).thenComparing(SpanRow::name).thenComparing(SpanRow::spanId);

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
        String id = traceId == null ? "" : traceId.strip().toLowerCase(Locale.ROOT);
        if (!TRACE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a trace id is 32 hex digits, got '" + traceId + "'");
        }
        Row where = queries.query(projectId, Sql.of("""
                        SELECT count() AS batches, toUInt32(min(start_time)) AS first, toUInt32(max(end_time)) AS last
                        FROM trace_index
                        WHERE project_id = {project:String} AND trace_id = {trace:String}""")
                .bind("trace", id)).getFirst();
        if (where.longValue("batches") == 0) {
            return Optional.empty();
        }
        // A span stored twice (sent again after the de-duplication window) is shown once.
        List<Row> rows = queries.query(projectId, Sql.of("SELECT " + SpanRows.COLUMNS + """

                        FROM spans
                        WHERE project_id = {project:String} AND trace_id = {trace:String}
                          AND timestamp >= {first:DateTime} AND timestamp <= {last:DateTime}
                        ORDER BY start_time_ns
                        LIMIT 1 BY span_id
                        LIMIT {limit:UInt32}""")
                .bind("trace", id)
                .bind("first", Instant.ofEpochSecond(where.longValue("first")))
                .bind("last", Instant.ofEpochSecond(where.longValue("last")))
                .bind("limit", MAX_SPANS + 1));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        var spans = new ArrayList<SpanRow>(rows.size());
        for (Row row : rows.subList(0, Math.min(rows.size(), MAX_SPANS))) {
            spans.add(SpanRows.of(row));
        }
        return Optional.of(tree(id, spans, rows.size() > MAX_SPANS));
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
