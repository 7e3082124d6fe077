package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Metrics: which a project reported, and a metric's series over time. Every value a caller
 * gives, attribute keys included, reaches SQL as a bound literal.
 *
 * <p>A series reads at most {@value #MAX_ROWS} rows and refuses a query that would read
 * more, saying how to narrow it. Gauges' and sums' sum, avg, min and max are computed by
 * ClickHouse per series and bucket; rates and quantiles need each series' points in order
 * (a counter's resets, a cumulative histogram's increase between points), so ClickHouse
 * returns the points and {@link MetricIncreases} does the arithmetic, which needs no window
 * functions and so runs the same on ClickHouse 18.16 and current servers. A cumulative series
 * is read from a little before the window ({@link #lookback}), so the first bucket knows what
 * came before it.
 */
public final class MetricQueries {

    /** At most this many services and attribute keys are listed per metric. */
    public static final int LISTED_VALUES = 100;
    /** At most this many metrics are listed. */
    public static final int MAX_NAMES = 1_000;
    /** The most rows (points, or series × buckets) one series query reads back. */
    static final int MAX_ROWS = 100_000;

    private static final String WINDOW = """
            WHERE project_id = {project:String}
              AND timestamp >= {fromSecond:DateTime} AND timestamp <= {toSecond:DateTime}
              AND time_ns >= {fromNs:UInt64} AND time_ns < {toNs:UInt64}""";

    private static final String NAMES = """
            SELECT metric_name, toString(metric_type) AS type, any(metric_unit) AS unit,
                   any(metric_description) AS description,
                   arraySort(groupUniqArray(toString(temporality))) AS temporalities,
                   max(is_monotonic) AS monotonic, count() AS points,
                   arraySlice(arraySort(groupUniqArray(service_name)), 1, {listed:UInt32}) AS services,
                   arraySlice(arraySort(groupUniqArrayArray(metric_attributes.key)), 1, {listed:UInt32}) AS point_keys,
                   arraySlice(arraySort(groupUniqArrayArray(resource_attributes.key)), 1, {listed:UInt32}) AS resource_keys
            FROM metrics
            <window>
            <conditions>GROUP BY metric_name, metric_type
            ORDER BY metric_name, type
            LIMIT {maxNames:UInt32}""";

    private static final String TYPES = """
            SELECT toString(metric_type) AS type, max(is_monotonic) AS monotonic, any(metric_unit) AS unit,
                   groupUniqArray(toString(temporality)) AS temporalities, count() AS points
            FROM metrics
            <window>
              AND metric_name = {metric:String}
            GROUP BY metric_type
            ORDER BY points DESC, type""";

    private static final String VALUES_BY_SERIES_AND_BUCKET = """
            SELECT series, any(group_key) AS group_key, any(temporality) AS temporality, bucket,
                   count() AS points, sum(value) AS total, min(value) AS low, max(value) AS high,
                   argMax(value, time_ns) AS last
            FROM (
                SELECT <series> AS series, <groupKey> AS group_key, toString(temporality) AS temporality,
                       intDiv(time_ns - {shiftNs:UInt64}, {widthNs:UInt64}) AS bucket, time_ns, value
                FROM metrics
                <window>
                  AND metric_name = {metric:String} AND metric_type = {type:String} AND isFinite(value)
                <conditions>)
            GROUP BY series, bucket
            ORDER BY series, bucket
            LIMIT {maxRows:UInt32}""";

    private static final String POINTS = """
            SELECT <series> AS series, <groupKey> AS group_key, toString(temporality) AS temporality,
                   start_time_ns, time_ns, <counted>
            FROM metrics
            <window>
              AND metric_name = {metric:String} AND metric_type = {type:String}
            <conditions>ORDER BY series, time_ns
            LIMIT {maxRows:UInt32}""";

    /** A series: one service's, scope's, resource's and attribute set's points of one temporality. */
    private static final String SERIES = """
            toString(cityHash64(service_name, scope_name, resource_attributes.key, resource_attributes.value,
                                metric_attributes.key, metric_attributes.value, toString(temporality)))""";
    private static final String SUM_COUNTED = "value";
    private static final String EXPLICIT_COUNTED = "histogram_count, histogram_sum, bucket_counts, explicit_bounds";
    private static final String EXPONENTIAL_COUNTED = """
            histogram_count, histogram_sum, exp_scale, exp_zero_count, exp_positive_offset, exp_positive_counts,
                   exp_negative_offset, exp_negative_counts""";

    private final ProjectQueries queries;

    public MetricQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /**
     * The metrics with data points in {@code [from, to)}, by name, at most {@value #MAX_NAMES};
     * {@code search} keeps the names containing it, ignoring case.
     */
    public MetricCatalog names(String projectId, Instant from, Instant to, Optional<String> search) {
        QueryParts.checkWindow(from, to);
        Conditions where = window(new Conditions(), from, to).bind("listed", LISTED_VALUES)
                .bind("maxNames", MAX_NAMES + 1);
        search.filter(s -> !s.isBlank()).ifPresent(s ->
                where.and("positionCaseInsensitiveUTF8(metric_name, {search:String}) > 0", "search", s.strip()));
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(NAMES,
                Map.of("window", WINDOW, "conditions", where.text()))));
        var metrics = new ArrayList<MetricCatalog.Metric>();
        for (Row row : QueryParts.upTo(rows, MAX_NAMES)) {
            MetricType type = MetricType.valueOf(row.string("type"));
            List<String> temporalities = QueryParts.strings(row.fields().get("temporalities"));
            boolean monotonic = row.longValue("monotonic") != 0;
            metrics.add(new MetricCatalog.Metric(row.string("metric_name"), type, row.string("unit"),
                    row.string("description"), temporalities, monotonic, row.longValue("points"),
                    QueryParts.strings(row.fields().get("services")),
                    QueryParts.strings(row.fields().get("point_keys")),
                    QueryParts.strings(row.fields().get("resource_keys")),
                    List.copyOf(MetricSeriesMath.allowed(type, monotonic, Set.copyOf(temporalities)))));
        }
        return new MetricCatalog(metrics, rows.size() > MAX_NAMES);
    }

    /**
     * The metric's series over time, as {@link MetricSeries} describes.
     *
     * @throws IllegalArgumentException when the metric has no points in the window, or its type
     *                                  does not allow the aggregation (the message says which do)
     * @throws QueryTooBroadException   when it would read more than {@value #MAX_ROWS} rows
     */
    public MetricSeries query(String projectId, MetricQuery query) {
        return query(projectId, query,
                AggregateQueries.bucketWidth(query.from(), query.to(), AggregateQueries.SERIES_BUCKETS), false);
    }

    /**
     * As {@link #query(String, MetricQuery)}, in buckets of the width given that start at the
     * query's {@code from} (not at the epoch), for callers whose steps are set by something else:
     * an alert rule's value over its window is the one bucket as wide as the window.
     *
     * @throws InvalidQueryException for a width under a second, or one that splits the window into
     *                               more than 2000 buckets
     */
    public MetricSeries query(String projectId, MetricQuery query, Duration bucketWidth) {
        AggregateQueries.checkBucketWidth(query.from(), query.to(), bucketWidth);
        return query(projectId, query, bucketWidth, true);
    }

    private MetricSeries query(String projectId, MetricQuery query, Duration width, boolean fromStart) {
        Resolved metric = resolve(projectId, query);
        Set<MetricAggregation> allowed = MetricSeriesMath.allowed(metric.type(), metric.monotonic(),
                metric.temporalities());
        if (!allowed.contains(query.aggregation())) {
            throw new InvalidQueryException(MetricSeriesMath.notAllowed(query, metric.type(), allowed));
        }
        long widthNs = width.toNanos();
        long shiftNs = fromStart ? Math.floorMod(QueryParts.nanos(query.from()), widthNs) : 0;
        long first = Math.floorDiv(QueryParts.nanos(query.from()) - shiftNs, widthNs);
        int count = (int) (Math.floorDiv(QueryParts.nanos(query.to()) - shiftNs - 1, widthNs) - first + 1);
        var grid = new MetricIncreases.Grid(first, count, widthNs, shiftNs);
        boolean values = metric.type() == MetricType.GAUGE || metric.type() == MetricType.SUM
                && query.aggregation() != MetricAggregation.RATE;
        List<MetricSeriesMath.Line> lines = values
                ? MetricSeriesMath.values(valuesBySeriesAndBucket(projectId, query, metric, grid), query, grid)
                : MetricSeriesMath.counted(increases(projectId, query, metric, grid), query, grid);
        return MetricSeriesMath.result(query, metric.type(), metric.unit(), width, grid, lines);
    }

    /** The metric's type (the one with the most points, should a name have been sent as two), unit and temporalities. */
    record Resolved(MetricType type, String unit, boolean monotonic, Set<String> temporalities) {}

    private Resolved resolve(String projectId, MetricQuery query) {
        Conditions where = window(new Conditions(), query.from(), query.to()).bind("metric", query.metric());
        List<Row> types = queries.query(projectId, where.boundTo(Fragments.fill(TYPES, Map.of("window", WINDOW))));
        if (types.isEmpty()) {
            throw new InvalidQueryException("the project has no data points of a metric named '" + query.metric()
                    + "' from " + query.from() + " to " + query.to()
                    + "; list the metric names of the window to see which there are (names are case-sensitive)");
        }
        Row row = types.getFirst();
        return new Resolved(MetricType.valueOf(row.string("type")), row.string("unit"),
                row.longValue("monotonic") != 0, new HashSet<>(QueryParts.strings(row.fields().get("temporalities"))));
    }

    private List<Row> valuesBySeriesAndBucket(String projectId, MetricQuery query, Resolved metric,
            MetricIncreases.Grid grid) {
        Conditions where = seriesConditions(query, metric, query.from()).bind("widthNs", grid.widthNanos())
                .bind("shiftNs", grid.shiftNanos());
        String groupKey = groupKey(query.groupBy(), where);
        return capped(query, queries.query(projectId, where.boundTo(Fragments.fill(VALUES_BY_SERIES_AND_BUCKET,
                Map.of("series", SERIES, "groupKey", groupKey, "window", WINDOW, "conditions", where.text())))));
    }

    private Map<List<String>, Counted[]> increases(String projectId, MetricQuery query, Resolved metric,
            MetricIncreases.Grid grid) {
        Instant readFrom = query.from().minus(lookback(Duration.ofNanos(grid.widthNanos())));
        Conditions where = seriesConditions(query, metric, readFrom);
        if (metric.type() == MetricType.SUM) {
            where.and("isFinite(value)");
        }
        String groupKey = groupKey(query.groupBy(), where);
        String counted = switch (metric.type()) {
            case SUM -> SUM_COUNTED;
            case HISTOGRAM -> EXPLICIT_COUNTED;
            case EXPONENTIAL_HISTOGRAM -> EXPONENTIAL_COUNTED;
            case GAUGE, SUMMARY -> throw new IllegalStateException(metric.type() + " has no counts");
        };
        List<Row> rows = capped(query, queries.query(projectId, where.boundTo(Fragments.fill(POINTS, Map.of(
                "series", SERIES, "groupKey", groupKey, "counted", counted, "window", WINDOW,
                "conditions", where.text())))));
        var points = new ArrayList<MetricIncreases.Point>(rows.size());
        for (Row row : rows) {
            points.add(new MetricIncreases.Point(row.string("series"),
                    QueryParts.strings(row.fields().get("group_key")),
                    row.string("temporality").equals("DELTA"), row.longValue("start_time_ns"),
                    row.longValue("time_ns"), MetricSeriesMath.counted(metric.type(), row)));
        }
        return MetricIncreases.perBucket(points, QueryParts.nanos(readFrom), grid);
    }

    /** How far before the window a cumulative series is read: a bucket, and at least five minutes. */
    static Duration lookback(Duration width) {
        Duration least = Duration.ofMinutes(5);
        return width.compareTo(least) > 0 ? width : least;
    }

    private static Conditions seriesConditions(MetricQuery query, Resolved metric, Instant readFrom) {
        Conditions where = window(new Conditions(), readFrom, query.to()).bind("metric", query.metric())
                .bind("type", metric.type().name()).bind("maxRows", MAX_ROWS + 1);
        query.service().ifPresent(s -> where.and("service_name = {service:String}", "service", s));
        for (int i = 0; i < query.filters().size(); i++) {
            where.attribute(i, query.filters().get(i), "metric_attributes");
        }
        return where;
    }

    private static Conditions window(Conditions where, Instant from, Instant to) {
        return where.bind("fromSecond", from).bind("toSecond", to)
                .bind("fromNs", Math.max(0, QueryParts.nanos(from)))
                .bind("toNs", Math.max(0, QueryParts.nanos(to)));
    }

    /** The SQL of a point's group: an array of the group-by attributes' values ('' where absent). */
    private static String groupKey(List<MetricQuery.GroupKey> groupBy, Conditions where) {
        if (groupBy.isEmpty()) {
            return "emptyArrayString()";
        }
        var values = new ArrayList<String>();
        for (int i = 0; i < groupBy.size(); i++) {
            MetricQuery.GroupKey key = groupBy.get(i);
            String column = key.scope() == AttributeFilter.Scope.RECORD ? "metric_attributes" : "resource_attributes";
            where.bind("groupKey" + i, key.key());
            values.add(AggregateQueries.attributeValue(column, "{groupKey" + i + ":String}"));
        }
        return "[" + String.join(", ", values) + "]";
    }

    private static List<Row> capped(MetricQuery query, List<Row> rows) {
        if (rows.size() > MAX_ROWS) {
            throw new QueryTooBroadException("the series of '" + query.metric() + "' would read more than " + MAX_ROWS
                    + " data points (or series × buckets), the most one metric query may read. Narrow the time range"
                    + " ('from' and 'to'), or filter on a service or attributes.", null);
        }
        return rows;
    }
}
