package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Suggestions for span filters, from the data: the attribute keys spans carry in a time range,
 * and the values one key takes, each with how many spans have it. Both read only the attribute
 * columns, and are held to the same read limits as every query whose shape users choose.
 */
public final class SpanFieldQueries {

    public static final int MAX_KEYS = 200;
    public static final int MAX_VALUES = 100;

    private static final String WINDOW = """
            WHERE project_id = {project:String}
              AND timestamp >= {fromSecond:DateTime} AND timestamp <= {toSecond:DateTime}
              AND start_time_ns >= {fromNs:UInt64} AND start_time_ns < {toNs:UInt64}""";

    private static final String KEYS = """
            SELECT scope, key, count() AS spans FROM (
                SELECT 'RECORD' AS scope, arrayJoin(span_attributes.key) AS key FROM spans
                <window>
                <conditions>
                UNION ALL
                SELECT 'RESOURCE' AS scope, arrayJoin(resource_attributes.key) AS key FROM spans
                <window>
                <conditions>
            )
            GROUP BY scope, key
            ORDER BY spans DESC, key, scope
            LIMIT {limit:UInt32}""";

    private static final String VALUES = """
            SELECT value, count() AS spans FROM (
                SELECT <column>.value[indexOf(<column>.key, {key:String})] AS value FROM spans
                <window>
                  AND has(<column>.key, {key:String})
                <conditions>
            )
            <prefix>
            GROUP BY value
            ORDER BY spans DESC, value
            LIMIT {limit:UInt32}""";

    private final ProjectQueries queries;

    public SpanFieldQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /** The attribute keys of spans starting in {@code [from, to)}, of one service if given; most spans first. */
    public SpanFields<SpanFields.Key> keys(String projectId, Instant from, Instant to, Optional<String> service) {
        Conditions where = window(from, to, service).bind("limit", MAX_KEYS + 1);
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(KEYS,
                Map.of("window", WINDOW, "conditions", where.text()))));
        return new SpanFields<>(QueryParts.upTo(rows, MAX_KEYS).stream()
                .map(row -> new SpanFields.Key(AttributeFilter.Scope.valueOf(row.string("scope")), row.string("key"),
                        row.longValue("spans")))
                .toList(), rows.size() > MAX_KEYS);
    }

    /**
     * The values {@code key} takes on spans starting in {@code [from, to)}; {@code prefix} keeps
     * those that start with it, ignoring case.
     */
    public SpanFields<SpanFields.Value> values(String projectId, Instant from, Instant to, AttributeFilter.Scope scope,
            String key, Optional<String> service, Optional<String> prefix) {
        if (key == null || key.isBlank()) {
            throw new InvalidQueryException("which attribute? 'key' is empty");
        }
        Conditions where = window(from, to, service).bind("key", key).bind("limit", MAX_VALUES + 1);
        String prefixCondition = "";
        if (prefix.isPresent() && !prefix.get().isEmpty()) {
            prefixCondition = "WHERE positionCaseInsensitiveUTF8(value, {prefix:String}) = 1";
            where.bind("prefix", prefix.get());
        }
        String column = scope == AttributeFilter.Scope.RECORD ? "span_attributes" : "resource_attributes";
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(VALUES, Map.of("window", WINDOW,
                "conditions", where.text(), "column", column, "prefix", prefixCondition))));
        return new SpanFields<>(QueryParts.upTo(rows, MAX_VALUES).stream()
                .map(row -> new SpanFields.Value(row.string("value"), row.longValue("spans")))
                .toList(), rows.size() > MAX_VALUES);
    }

    private static Conditions window(Instant from, Instant to, Optional<String> service) {
        QueryParts.checkWindow(from, to);
        Conditions where = new Conditions().bind("fromSecond", from).bind("toSecond", to)
                .bind("fromNs", Math.max(0, QueryParts.nanos(from)))
                .bind("toNs", Math.max(0, QueryParts.nanos(to)));
        service.filter(s -> !s.isBlank()).ifPresent(s -> where.and("service_name = {service:String}", "service", s));
        return where;
    }
}
