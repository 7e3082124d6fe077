package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/**
 * Aggregates of spans: measures overall or per group, over time, and the duration heatmap.
 * Each reads the selected spans once, except a grouped time series, which first finds its
 * largest groups by count. Every value a caller gives, attribute keys included, reaches SQL
 * as a bound literal; field names and SQL come from this package only.
 *
 * <p>Aggregates count the stored rows: a span stored twice (sent again after the ingest
 * de-duplication window) counts twice, as de-duplicating millions of spans would cost more
 * than the rare double is worth.
 */
public final class AggregateQueries {

    /** The bucket widths time series and heatmaps choose from, narrowest first. */
    static final List<Duration> BUCKET_WIDTHS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));

    /** A time series takes the narrowest width that splits its window into at most this many buckets. */
    static final int SERIES_BUCKETS = 200;

    /** The most buckets a time series of a width the caller chose may have. */
    static final int MAX_EXPLICIT_BUCKETS = 2_000;

    /** A heatmap takes the narrowest width that splits its window into at most this many columns. */
    static final int HEATMAP_COLUMNS = 60;

    private static final String LEVELS = "0.5, 0.9, 0.95, 0.99";

    /** The measures over every selected span: one row. */
    private static final String MEASURES = """
            <measured>SELECT <measures>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>""";

    /**
     * The heatmap's cells. The row is floor(log2(duration)) - 9, durations under 1024 ns in row 0
     * and those of 2^62 ns (146 years) or more in the last, row 52. log2 of a Float64 can round
     * up just below a power of two, so the integer comparisons correct it.
     */
    private static final String HEATMAP_CELLS = """
            WITH least(greatest(duration_ns, 512), 4611686018427387903) AS clamped,
                 toUInt8(log2(clamped)) AS log_floor
            SELECT intDiv(start_time_ns, {widthNs:UInt64}) AS column_index,
                   log_floor - (clamped < bitShiftLeft(toUInt64(1), log_floor))
                       + (clamped >= bitShiftLeft(toUInt64(1), log_floor + 1)) - 9 AS row_index,
                   count() AS c
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY column_index, row_index""";

    /** The largest groups and the rest merged as one: see {@link #groups}. */
    private static final String GROUPS = """
            SELECT min(group_rank) AS group_position, group_rank > {limit:UInt32} AS is_other, count() AS group_count,
                   if(is_other, <emptyKey>, tupleElement(g, 1)) AS group_key,
                   <mergedColumns>
            FROM (
                SELECT arraySort(g -> (<sortKey>), groupArray(tuple(group_key, <aliases>))) AS all_groups
                FROM (
                    <measured>SELECT tuple(<keys>) AS group_key,
                           <partialColumns>
                    FROM spans
                    WHERE project_id = {project:String}
                    <conditions>    GROUP BY group_key))
            ARRAY JOIN all_groups AS g, arrayEnumerate(all_groups) AS group_rank
            GROUP BY is_other, group_key
            ORDER BY group_position""";

    /** The ungrouped measures per time bucket. */
    private static final String BUCKETS = """
            <measured>SELECT intDiv(start_time_ns, {widthNs:UInt64}) AS bucket, <measures>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY bucket""";

    /** The measures per time bucket and series: see {@link #buckets}. */
    private static final String SERIES_BUCKETS_OF_GROUPS = """
            <measured>SELECT intDiv(start_time_ns, {widthNs:UInt64}) AS bucket, <series> AS series, <measures>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY bucket, series""";

    /**
     * A span's series: the position of its group's hash among the largest groups' hashes
     * ({@code series0..} bound), or their number for every other group.
     */
    private static final String SERIES_OF_GROUP = """
            transform(bitAnd(cityHash64(<keys>), 9223372036854775807), [<hashes>], [<positions>], <otherPosition>)""";

    /** The largest groups by the ranking columns: see {@link #topKeys}. */
    private static final String TOP_KEYS = """
            <measured>SELECT <namedKeys>, bitAnd(cityHash64(<keyColumns>), 9223372036854775807) AS key_hash, <ranking>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY <keyColumns>
            ORDER BY <order>, <keyColumns>
            LIMIT {limit:UInt32}""";

    /** What a measure is over when none is named: the span's duration. */
    private static final String MEASURED_DURATION = """
            WITH duration_ns AS measured_value
            """;

    /** What a measure over an attribute is over: its value where it parses as a finite number, else NULL. */
    private static final String MEASURED_ATTRIBUTE = """
            WITH toFloat64OrNull(<value>) AS parsed_value,
                 if(isFinite(parsed_value), parsed_value, NULL) AS measured_value
            """;

    /** An attribute's value, a String; empty when the span lacks the key. */
    private static final String ATTRIBUTE_VALUE = "<column>.value[indexOf(<column>.key, <key>)]";

    /** What is measured per group, over {@code measured_value}, which every span has. */
    private static final List<Column> DURATION_MEASURES = measures("count()");

    /** What is measured per group, over {@code measured_value}, which is NULL where a span has no number. */
    private static final List<Column> ATTRIBUTE_MEASURES = measures("count(measured_value)");

    private final ProjectQueries queries;
    private final BatchedAggregates batched;

    public AggregateQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
        this.batched = new BatchedAggregates(queries);
    }

    /**
     * The aggregation's measures, overall (one group with an empty key) or per group: the
     * largest {@code limit} groups by span count, then "other" holding every remaining group.
     */
    public AggregateResult aggregate(String projectId, Aggregation aggregation) {
        Conditions where = aggregation.filter().where();
        String with = measured(aggregation.measure(), where);
        List<String> keys = keys(aggregation.groupBy(), where);
        if (keys.isEmpty()) {
            Row row = queries.query(projectId, where.boundTo(Fragments.fill(MEASURES, Map.of("measured", with,
                    "measures", direct(measuresOf(aggregation)), "conditions", where.text())))).getFirst();
            return new AggregateResult(List.of(new AggregateResult.Group(List.of(), 1, measures(row))), Optional.empty());
        }
        var groups = new ArrayList<AggregateResult.Group>();
        Optional<AggregateResult.Group> other = Optional.empty();
        for (Row row : queries.query(projectId, groups(where, with, keys, measuresOf(aggregation), List.of("c"),
                aggregation.limit()))) {
            if (isOther(row)) {
                other = Optional.of(new AggregateResult.Group(List.of(), row.longValue("group_count"), measures(row)));
            } else {
                groups.add(new AggregateResult.Group(QueryParts.strings(row.fields().get("group_key")), 1, measures(row)));
            }
        }
        return new AggregateResult(groups, other);
    }

    /**
     * Many aggregations of the project at once, one result per aggregation in their order, each
     * with the groups and measures {@link #aggregate} gives it but without "other". Those of
     * durations over the same window and grouped alike share one query ({@link BatchedAggregates});
     * those of an attribute's values are asked one by one.
     */
    public List<AggregateResult> aggregateAll(String projectId, List<Aggregation> aggregations) {
        return batched.aggregateAll(projectId, aggregations, aggregation -> aggregate(projectId, aggregation));
    }

    /**
     * The aggregation's measures per time bucket of a width from {@link #BUCKET_WIDTHS} that
     * splits the window into at most {@value #SERIES_BUCKETS} buckets; grouped, one series per
     * group of the largest {@code limit} by span count over the window, then "other".
     */
    public TimeSeries timeSeries(String projectId, Aggregation aggregation) {
        SpanFilter filter = aggregation.filter();
        return timeSeries(projectId, aggregation, bucketWidth(filter.from(), filter.to(), SERIES_BUCKETS));
    }

    /**
     * As {@link #timeSeries(String, Aggregation)}, in buckets of the width given (aligned to the
     * epoch), for callers whose steps are set by something else, such as an alert rule's window.
     *
     * @throws InvalidQueryException for a width under a second, or one that splits the window into
     *                               more than {@value #MAX_EXPLICIT_BUCKETS} buckets
     */
    public TimeSeries timeSeries(String projectId, Aggregation aggregation, Duration bucketWidth) {
        checkBucketWidth(aggregation.filter().from(), aggregation.filter().to(), bucketWidth);
        Conditions where = aggregation.filter().where();
        String with = measured(aggregation.measure(), where);
        Buckets<AggregateResult.Measures> buckets = buckets(queries, projectId, aggregation.filter(), bucketWidth, where,
                with, keys(aggregation.groupBy(), where), measuresOf(aggregation), List.of("c"), aggregation.limit(),
                AggregateQueries::measures, AggregateResult.Measures.NONE);
        return new TimeSeries(buckets.width(), buckets.starts(),
                buckets.series().stream().map(s -> new TimeSeries.Series(s.key(), s.points())).toList(),
                buckets.other().map(points -> new TimeSeries.Series(List.of(), points)));
    }

    /**
     * How many of the filter's spans fell in each cell of time (a width from
     * {@link #BUCKET_WIDTHS} giving at most {@value #HEATMAP_COLUMNS} columns) × duration
     * (ranges doubling in width, see {@link Heatmap}).
     */
    public Heatmap heatmap(String projectId, SpanFilter filter) {
        Duration width = bucketWidth(filter.from(), filter.to(), HEATMAP_COLUMNS);
        long widthNs = width.toNanos();
        long first = Math.floorDiv(QueryParts.nanos(filter.from()), widthNs);
        int columns = (int) (Math.floorDiv(QueryParts.nanos(filter.to()) - 1, widthNs) - first + 1);
        Conditions where = filter.where().bind("widthNs", widthNs);
        List<Row> cells = queries.query(projectId,
                where.boundTo(Fragments.fill(HEATMAP_CELLS, Map.of("conditions", where.text()))));
        int rows = cells.stream().mapToInt(c -> (int) c.longValue("row_index") + 1).max().orElse(0);
        var counts = new ArrayList<List<Long>>(columns);
        for (int c = 0; c < columns; c++) {
            counts.add(new ArrayList<>(Collections.nCopies(rows, 0L)));
        }
        for (Row cell : cells) {
            counts.get((int) (cell.longValue("column_index") - first))
                    .set((int) cell.longValue("row_index"), cell.longValue("c"));
        }
        List<Long> bounds = rows == 0 ? List.of()
                : IntStream.rangeClosed(0, rows).mapToObj(r -> r == 0 ? 0L : 1L << (9 + r)).toList();
        return new Heatmap(width, starts(first, columns, widthNs), bounds, counts);
    }

    /** The narrowest width of {@link #BUCKET_WIDTHS} that splits the window into at most {@code maxBuckets}. */
    static Duration bucketWidth(Instant from, Instant to, int maxBuckets) {
        long window = Duration.between(from, to).toNanos();
        for (Duration width : BUCKET_WIDTHS) {
            if (Math.ceilDiv(window, width.toNanos()) <= maxBuckets) {
                return width;
            }
        }
        return BUCKET_WIDTHS.getLast();
    }

    /** Refuses a bucket width under a second, or one giving more than {@value #MAX_EXPLICIT_BUCKETS} buckets. */
    static void checkBucketWidth(Instant from, Instant to, Duration width) {
        if (width == null || width.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidQueryException("a bucket is at least 1 s wide, was " + width);
        }
        long widthNs = width.toNanos();
        long buckets = Math.floorDiv(QueryParts.nanos(to) - 1, widthNs) - Math.floorDiv(QueryParts.nanos(from), widthNs) + 1;
        if (buckets > MAX_EXPLICIT_BUCKETS) {
            throw new InvalidQueryException("buckets of " + width + " split the time range into " + buckets
                    + " buckets; at most " + MAX_EXPLICIT_BUCKETS + " are read at once (widen the buckets or narrow the range)");
        }
    }

    /** The start of each of {@code count} buckets {@code widthNs} wide, the first of index {@code firstBucket}. */
    static List<Instant> starts(long firstBucket, int count, long widthNs) {
        var starts = new ArrayList<Instant>(count);
        for (int i = 0; i < count; i++) {
            long nanos = (firstBucket + i) * widthNs;
            starts.add(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
        }
        return starts;
    }

    // ---- shared with LlmUsageQueries ----

    /**
     * One aggregate column: computed over spans directly, as a partial result per group, and
     * merged from partial results ({@code merge} has {@code <partial>} where a partial result goes).
     */
    record Column(String alias, String direct, String partial, String merge) {

        /** An aggregate that partial results add up to. */
        static Column summed(String alias, String aggregate) {
            return new Column(alias, aggregate, aggregate, "sum(<partial>)");
        }

        String merged(String partialResult) {
            return Fragments.fill(merge, Map.of("partial", partialResult));
        }
    }

    /** Series of points per time bucket, as read back: each series has a point for every bucket. */
    record Buckets<P>(Duration width, List<Instant> starts, List<KeyedPoints<P>> series, Optional<List<P>> other) {}

    record KeyedPoints<P>(List<String> key, List<P> points) {}

    /**
     * The SQL of each dimension's value, as a String; attribute keys are bound as
     * {@code groupKey0..2} on {@code where}.
     */
    static List<String> keys(List<Aggregation.Dimension> groupBy, Conditions where) {
        var keys = new ArrayList<String>();
        for (int i = 0; i < groupBy.size(); i++) {
            keys.add(switch (groupBy.get(i)) {
                case Aggregation.Field field -> field.expression;
                case Aggregation.Attribute attribute -> {
                    where.bind("groupKey" + i, attribute.key());
                    yield attributeValue(attribute.column(), "{groupKey" + i + ":String}");
                }
            });
        }
        return keys;
    }

    /**
     * A statement answering the largest {@code limit} groups, ranked by the {@code rankedBy}
     * columns (descending, then by key), and one row for the remaining groups together: columns
     * {@code group_position}, {@code is_other}, {@code group_count}, {@code group_key} (an array), then
     * the columns. It reads the spans once: every group's partial results are gathered in one
     * sorted array, from which the largest are kept and the rest merged.
     */
    static Sql groups(Conditions where, String with, List<String> keys, List<Column> columns, List<String> rankedBy,
            int limit) {
        var sortKey = new ArrayList<String>();
        for (String ranked : rankedBy) {
            sortKey.add("-tupleElement(g, " + (2 + aliases(columns).indexOf(ranked)) + ")");
        }
        sortKey.add("tupleElement(g, 1)");
        var merged = new ArrayList<String>();
        for (int i = 0; i < columns.size(); i++) {
            merged.add(columns.get(i).merged("tupleElement(g, " + (i + 2) + ")") + " AS " + columns.get(i).alias());
        }
        String emptyKey = keys.stream().map(k -> "''").collect(Collectors.joining(", ", "tuple(", ")"));
        return where.bind("limit", limit).boundTo(Fragments.fill(GROUPS, Map.of(
                "emptyKey", emptyKey,
                "mergedColumns", String.join(",\n       ", merged),
                "sortKey", String.join(", ", sortKey),
                "aliases", String.join(", ", aliases(columns)),
                "measured", with,
                "keys", String.join(", ", keys),
                "partialColumns", columns.stream().map(c -> c.partial() + " AS " + c.alias())
                        .collect(Collectors.joining(",\n       ")),
                "conditions", where.text())));
    }

    static boolean isOther(Row row) {
        return row.longValue("is_other") != 0;
    }

    /**
     * The columns per time bucket of a width giving at most {@value #SERIES_BUCKETS} buckets;
     * with keys, per group of the largest {@code limit} by the {@code rankedBy} columns, and the
     * rest as "other". Groups are found first (a cheap pass with only the ranking columns); the
     * second pass maps each span's group to its series by a 63-bit hash of the group's values,
     * which two groups share with a chance of one in 2^63 (about 10^19) per pair.
     */
    static <P> Buckets<P> buckets(ProjectQueries queries, String projectId, SpanFilter filter, Conditions where,
            String with, List<String> keys, List<Column> columns, List<String> rankedBy, int limit,
            Function<Row, P> point, P none) {
        return buckets(queries, projectId, filter, bucketWidth(filter.from(), filter.to(), SERIES_BUCKETS), where, with,
                keys, columns, rankedBy, limit, point, none);
    }

    /** As above, in buckets of {@code width}. */
    static <P> Buckets<P> buckets(ProjectQueries queries, String projectId, SpanFilter filter, Duration width,
            Conditions where, String with, List<String> keys, List<Column> columns, List<String> rankedBy, int limit,
            Function<Row, P> point, P none) {
        long widthNs = width.toNanos();
        long first = Math.floorDiv(QueryParts.nanos(filter.from()), widthNs);
        int count = (int) (Math.floorDiv(QueryParts.nanos(filter.to()) - 1, widthNs) - first + 1);
        List<Instant> starts = starts(first, count, widthNs);
        where.bind("widthNs", widthNs);
        if (keys.isEmpty()) {
            List<P> points = fill(queries.query(projectId, where.boundTo(Fragments.fill(BUCKETS, Map.of(
                    "measured", with, "measures", direct(columns), "conditions", where.text())))),
                    first, count, -1, point, none);
            return new Buckets<>(width, starts, List.of(new KeyedPoints<>(List.of(), points)), Optional.empty());
        }

        var keyColumns = IntStream.range(0, keys.size()).mapToObj(i -> "key" + i).toList();
        List<Row> top = queries.query(projectId, topKeys(where, with, keys, keyColumns, columns, rankedBy, limit));
        if (top.isEmpty()) {
            return new Buckets<>(width, starts, List.of(), Optional.empty());
        }
        var hashes = new ArrayList<String>();
        for (int i = 0; i < top.size(); i++) {
            where.bind("series" + i, top.get(i).longValue("key_hash"));
            hashes.add("toUInt64({series" + i + ":UInt64})");
        }
        String series = Fragments.fill(SERIES_OF_GROUP, Map.of("keys", String.join(", ", keys),
                "hashes", String.join(", ", hashes),
                "positions", IntStream.range(0, top.size()).mapToObj(Integer::toString).collect(Collectors.joining(", ")),
                "otherPosition", Integer.toString(top.size())));
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(SERIES_BUCKETS_OF_GROUPS, Map.of(
                "measured", with, "series", series, "measures", direct(columns), "conditions", where.text()))));
        var keyed = new ArrayList<KeyedPoints<P>>();
        for (int i = 0; i < top.size(); i++) {
            Row key = top.get(i);
            keyed.add(new KeyedPoints<>(keyColumns.stream().map(key::string).toList(),
                    fill(rows, first, count, i, point, none)));
        }
        boolean hasOther = rows.stream().anyMatch(r -> r.longValue("series") == top.size());
        return new Buckets<>(width, starts, keyed,
                hasOther ? Optional.of(fill(rows, first, count, top.size(), point, none)) : Optional.empty());
    }

    /** The largest {@code limit} groups by the ranking columns: their values as {@code key0..}, and {@code key_hash}. */
    private static Sql topKeys(Conditions where, String with, List<String> keys, List<String> keyColumns,
            List<Column> columns, List<String> rankedBy, int limit) {
        String named = IntStream.range(0, keys.size()).mapToObj(i -> keys.get(i) + " AS " + keyColumns.get(i))
                .collect(Collectors.joining(", "));
        String ranking = direct(columns.stream().filter(c -> rankedBy.contains(c.alias())).toList());
        String order = rankedBy.stream().map(r -> r + " DESC").collect(Collectors.joining(", "));
        return where.bind("limit", limit).boundTo(Fragments.fill(TOP_KEYS, Map.of("measured", with,
                "namedKeys", named, "keyColumns", String.join(", ", keyColumns), "ranking", ranking, "order", order,
                "conditions", where.text())));
    }

    /**
     * The SQL of an attribute's value in a Nested attribute column of this package, a String;
     * empty when the row lacks the key.
     */
    static String attributeValue(String column, String keyPlaceholder) {
        return Fragments.fill(ATTRIBUTE_VALUE, Map.of("column", column, "key", keyPlaceholder));
    }

    // ---- this class's own ----

    private static List<Column> measures(String valuesCounted) {
        return List.of(
                Column.summed("c", "count()"),
                Column.summed("e", "countIf(status_code = 'ERROR')"),
                Column.summed("n", valuesCounted),
                Column.summed("s", "sum(measured_value)"),
                new Column("mn", "min(measured_value)", "min(measured_value)", "min(<partial>)"),
                new Column("mx", "max(measured_value)", "max(measured_value)", "max(<partial>)"),
                new Column("q", "quantiles(" + LEVELS + ")(measured_value)",
                        "quantilesState(" + LEVELS + ")(measured_value)", "quantilesMerge(" + LEVELS + ")(<partial>)"));
    }

    private static List<Column> measuresOf(Aggregation aggregation) {
        return aggregation.measure().isPresent() ? ATTRIBUTE_MEASURES : DURATION_MEASURES;
    }

    /**
     * A WITH clause naming what is measured {@code measured_value}: the duration, or the
     * attribute's value where it parses as a finite number and NULL elsewhere, which the
     * aggregate functions skip.
     */
    private static String measured(Optional<Aggregation.Attribute> measure, Conditions where) {
        if (measure.isEmpty()) {
            return MEASURED_DURATION;
        }
        where.bind("measureKey", measure.get().key());
        return Fragments.fill(MEASURED_ATTRIBUTE,
                Map.of("value", attributeValue(measure.get().column(), "{measureKey:String}")));
    }

    /** The columns computed over spans directly, each {@code AS} its alias, for a SELECT list. */
    static String direct(List<Column> columns) {
        return columns.stream().map(c -> c.direct() + " AS " + c.alias()).collect(Collectors.joining(", "));
    }

    private static List<String> aliases(List<Column> columns) {
        return columns.stream().map(Column::alias).toList();
    }

    /** One point per bucket from the rows of one series ({@code -1}: rows without a series column). */
    private static <P> List<P> fill(List<Row> rows, long firstBucket, int count, int series, Function<Row, P> point,
            P none) {
        var points = new ArrayList<P>(Collections.nCopies(count, none));
        for (Row row : rows) {
            if (series < 0 || row.longValue("series") == series) {
                points.set((int) (row.longValue("bucket") - firstBucket), point.apply(row));
            }
        }
        return points;
    }

    private static AggregateResult.Measures measures(Row row) {
        long count = row.longValue("c");
        long errors = row.longValue("e");
        long values = row.longValue("n");
        Optional<AggregateResult.Values> measured = Optional.empty();
        if (values > 0) {
            JsonNode q = row.fields().get("q");
            measured = Optional.of(new AggregateResult.Values(values, row.doubleValue("mn"), row.doubleValue("mx"),
                    row.doubleValue("s") / values, new AggregateResult.Quantiles(QueryParts.doubleOf(q.get(0)),
                            QueryParts.doubleOf(q.get(1)), QueryParts.doubleOf(q.get(2)), QueryParts.doubleOf(q.get(3)))));
        }
        return new AggregateResult.Measures(count, errors, count == 0 ? 0 : (double) errors / count, measured);
    }
}
