package dev.tracehound.analytics.query;

import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What the queries of this package share: checks of what callers give, and reading rows back. */
final class QueryParts {

    /** The widest window one search may read; wider ones are refused with how to narrow them. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    /** The seconds a trace's spans cover and the number of its batches, by the trace index. */
    private static final String TRACE_SECONDS = """
            SELECT count() AS batches, toUInt32(min(start_time)) AS first, toUInt32(max(end_time)) AS last
            FROM trace_index
            WHERE project_id = {project:String} AND trace_id = {trace:String}""";

    private QueryParts() {}

    /** The seconds a trace's spans cover, by the trace index. */
    record TraceSeconds(Instant first, Instant last) {}

    static void checkWindow(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new InvalidQueryException("the time range is empty: 'from' must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidQueryException("the time range is " + Duration.between(from, to).toHours()
                    + " h; search at most " + MAX_WINDOW.toDays() + " days at a time (narrow 'from' and 'to')");
        }
    }

    /** The id in lower case; throws IllegalArgumentException when it is not 32 hex digits. */
    static String traceId(String raw) {
        String id = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!TRACE_ID.matcher(id).matches()) {
            throw new InvalidQueryException("a trace id is 32 hex digits, got '" + raw + "'");
        }
        return id;
    }

    static boolean isTraceId(String id) {
        return TRACE_ID.matcher(id).matches();
    }

    /** Empty when the project has no span of the trace. */
    static Optional<TraceSeconds> traceSeconds(ProjectQueries queries, String projectId, String traceId) {
        Row where = queries.query(projectId, Sql.of(TRACE_SECONDS).bind("trace", traceId)).getFirst();
        return where.longValue("batches") == 0 ? Optional.empty() : Optional.of(new TraceSeconds(
                Instant.ofEpochSecond(where.longValue("first")), Instant.ofEpochSecond(where.longValue("last"))));
    }

    /**
     * {@code {name0:String}, {name1:String}, …}: an IN list of bound literals, for
     * {@link #bindList}. On 18.16 {@code IN (literals)} is read in PREWHERE and about three
     * times faster than {@code IN (SELECT arrayJoin(…))}; keep it for short lists (pages of ids).
     */
    static String inList(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        var list = new StringBuilder();
        for (int i = 0; i < size; i++) {
            list.append(i == 0 ? "" : ", ").append('{').append(name).append(i).append(":String}");
        }
        return list.toString();
    }

    static Sql bindList(Sql sql, String name, List<String> values) {
        Sql bound = sql;
        for (int i = 0; i < values.size(); i++) {
            bound = bound.bind(name + i, values.get(i));
        }
        return bound;
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** A Nested attribute column's parallel key and value arrays as a map, in their order. */
    static Map<String, String> pairs(JsonNode keys, JsonNode values) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i).asString(), values.get(i).asString());
        }
        return map;
    }

    /** A JSON array of a row (a ClickHouse Array(String)) as strings, in its order. */
    static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>(array.size());
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** A number of a row's array; ClickHouse quotes 64-bit integers in JSON, so this reads both forms. */
    static long longOf(JsonNode node) {
        return node.isNumber() ? node.longValue() : Long.parseLong(node.asString());
    }

    /** A number of a row's array, quoted or not, as {@link #longOf} reads it. */
    static double doubleOf(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asString());
    }

    static <T> List<T> upTo(List<T> rows, int limit) {
        return rows.subList(0, Math.min(rows.size(), limit));
    }
}
