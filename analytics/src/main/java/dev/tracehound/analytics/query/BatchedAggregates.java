package dev.tracehound.analytics.query;

import dev.tracehound.analytics.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Many duration aggregations of one project answered together: those over the same window and
 * grouped by the same dimensions share one scan of the window's spans, each one's spans selected
 * by a conditional aggregate ({@code countIf}, {@code quantilesIf}, ...) over its own filter.
 * Identical filters are computed once. So a thousand alert rules cost a few queries instead of a
 * thousand, while each result holds what {@link AggregateQueries#aggregate} gives for it, except
 * the "other" group, which is not computed here.
 *
 * <p>A grouped query returns each group of the spans any of its filters selects once, with every
 * filter's measures; each aggregation then keeps its own largest groups, ranked as
 * {@code aggregate} ranks them (span count, then the key's bytes). Few groups (services, routes)
 * cost little; a dimension with very many values may exceed the result's row limit, which fails
 * the query with {@link QueryTooBroadException}.
 */
final class BatchedAggregates {

    /**
     * At most this many distinct filters share a query, and at most about this much SQL of their
     * conditions (written twice: as the aggregates' aliases and in WHERE), which keeps a query well
     * below the 256 KiB ClickHouse parses.
     */
    static final int MAX_FILTERS_PER_QUERY = 200;
    private static final int MAX_CONDITION_CHARS = 60_000;

    private static final String LEVELS = "0.5, 0.9, 0.95, 0.99";

    private static final String MEASURES = """
            WITH <matches>
            SELECT <keyColumn><columns>
            FROM spans
            WHERE project_id = {project:String}
            <conditions><groupBy>""";

    /** One filter's measures of durations, over the spans its {@code m<i>} matches; aliases end in {@code <i>}. */
    private static final String COLUMNS = """
            countIf(m<i>) AS c<i>, countIf(m<i> AND status_code = 'ERROR') AS e<i>, sumIf(duration_ns, m<i>) AS s<i>,
                   minIf(duration_ns, m<i>) AS mn<i>, maxIf(duration_ns, m<i>) AS mx<i>,
                   quantilesIf(<levels>)(duration_ns, m<i>) AS q<i>""";

    private final ProjectQueries queries;

    BatchedAggregates(ProjectQueries queries) {
        this.queries = queries;
    }

    /** What shares a scan: the window and the group-by dimensions. */
    private record Shape(Instant from, Instant to, List<Aggregation.Dimension> groupBy) {}

    /**
     * One result per aggregation, in their order. Aggregations of an attribute's values are not
     * batched: {@code alone} answers each of them, and its "other" group is dropped.
     */
    List<AggregateResult> aggregateAll(String projectId, List<Aggregation> aggregations,
            Function<Aggregation, AggregateResult> alone) {
        var results = new AggregateResult[aggregations.size()];
        var byShape = new LinkedHashMap<Shape, List<Integer>>();
        for (int i = 0; i < aggregations.size(); i++) {
            Aggregation aggregation = aggregations.get(i);
            if (aggregation.measure().isPresent()) {
                results[i] = new AggregateResult(alone.apply(aggregation).groups(), Optional.empty());
                continue;
            }
            SpanFilter filter = aggregation.filter();
            byShape.computeIfAbsent(new Shape(filter.from(), filter.to(), aggregation.groupBy()), s -> new ArrayList<>())
                    .add(i);
        }
        byShape.forEach((shape, members) -> {
            for (List<Integer> chunk : chunks(aggregations, members)) {
                answer(projectId, shape, aggregations, chunk, results);
            }
        });
        return Arrays.asList(results);
    }

    /** The members split so that each query has at most so many distinct filters and so much text. */
    private static List<List<Integer>> chunks(List<Aggregation> aggregations, List<Integer> members) {
        var chunks = new ArrayList<List<Integer>>();
        var chunk = new ArrayList<Integer>();
        var filters = new LinkedHashMap<SpanFilter, Integer>();
        int chars = 0;
        for (int member : members) {
            SpanFilter filter = aggregations.get(member).filter();
            if (!filters.containsKey(filter)) {
                int size = size(filter);
                if (!chunk.isEmpty() && (filters.size() == MAX_FILTERS_PER_QUERY || chars + size > MAX_CONDITION_CHARS)) {
                    chunks.add(chunk);
                    chunk = new ArrayList<>();
                    filters.clear();
                    chars = 0;
                }
                filters.put(filter, filters.size());
                chars += size;
            }
            chunk.add(member);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /** About how much SQL a filter's condition takes once its values are written in. */
    private static int size(SpanFilter filter) {
        int size = 100 + filter.service().map(s -> 30 + 2 * s.length()).orElse(0)
                + filter.spanName().map(s -> 20 + 2 * s.length()).orElse(0)
                + filter.text().map(t -> 120 + 4 * t.length()).orElse(0);
        for (AttributeFilter attribute : filter.attributes()) {
            size += 120 + 6 * attribute.key().length() + 2 * attribute.value().length();
        }
        return size;
    }

    private void answer(String projectId, Shape shape, List<Aggregation> aggregations, List<Integer> chunk,
            AggregateResult[] results) {
        Conditions where = SpanFilter.in(shape.from(), shape.to()).where();
        var filters = new LinkedHashMap<SpanFilter, Integer>();
        var conditions = new ArrayList<String>();
        var columns = new ArrayList<String>();
        for (int member : chunk) {
            SpanFilter filter = aggregations.get(member).filter();
            if (filters.containsKey(filter)) {
                continue;
            }
            int i = filters.size();
            filters.put(filter, i);
            conditions.add("(" + condition(filter, where, "f" + i + "_") + ")");
            columns.add(Fragments.fill(COLUMNS, Map.of("i", Integer.toString(i), "levels", LEVELS)));
        }
        // Written out, not as the aliases: 18.16 crashes (a segfault) on a WITH alias in WHERE whose
        // expression shares a part with the GROUP BY key, such as an attribute filtered and grouped by.
        if (!conditions.contains("(1)")) {
            where.and(conditions.stream().collect(Collectors.joining(" OR ", "(", ")")));
        }
        List<String> keys = AggregateQueries.keys(shape.groupBy(), where);
        List<Row> rows = queries.query(projectId, where.boundTo(Fragments.fill(MEASURES, Map.of(
                "matches", IntStream.range(0, conditions.size()).mapToObj(i -> conditions.get(i) + " AS m" + i)
                        .collect(Collectors.joining(",\n     ")),
                "keyColumn", keys.isEmpty() ? "" : "tuple(" + String.join(", ", keys) + ") AS group_key,\n       ",
                "columns", String.join(",\n       ", columns),
                "conditions", where.text(),
                "groupBy", keys.isEmpty() ? "" : "GROUP BY group_key"))));
        for (int member : chunk) {
            Aggregation aggregation = aggregations.get(member);
            int i = filters.get(aggregation.filter());
            results[member] = keys.isEmpty()
                    ? new AggregateResult(List.of(new AggregateResult.Group(List.of(), 1, measures(rows.getFirst(), i))),
                            Optional.empty())
                    : new AggregateResult(largest(rows, i, aggregation.limit()), Optional.empty());
        }
    }

    /** The filter's groups with spans, the largest first by span count, then by key as ClickHouse orders strings. */
    private static List<AggregateResult.Group> largest(List<Row> rows, int i, int limit) {
        return rows.stream().filter(row -> row.longValue("c" + i) > 0)
                .map(row -> new AggregateResult.Group(QueryParts.strings(row.fields().get("group_key")), 1,
                        measures(row, i)))
                .sorted(Comparator.comparingLong((AggregateResult.Group g) -> -g.measures().count())
                        .thenComparing(AggregateResult.Group::key, BatchedAggregates::compareBytes))
                .limit(limit).toList();
    }

    /** Keys compared value by value as byte strings (UTF-8, unsigned), as ClickHouse compares tuples of strings. */
    private static int compareBytes(List<String> a, List<String> b) {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            int c = Arrays.compareUnsigned(a.get(k).getBytes(StandardCharsets.UTF_8),
                    b.get(k).getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * The filter's conditions (all but its window, which the query has) as one expression, its values
     * bound on {@code where} under names starting with {@code prefix}; {@code 1} when it has none.
     */
    static String condition(SpanFilter filter, Conditions where, String prefix) {
        var parts = new ArrayList<String>();
        filter.service().ifPresent(v -> {
            where.bind(prefix + "service", v);
            parts.add("service_name = {" + prefix + "service:String}");
        });
        filter.spanName().ifPresent(v -> {
            where.bind(prefix + "name", v);
            parts.add("name = {" + prefix + "name:String}");
        });
        filter.status().ifPresent(v -> {
            where.bind(prefix + "status", v.name());
            parts.add("status_code = {" + prefix + "status:String}");
        });
        filter.minDuration().ifPresent(v -> {
            where.bind(prefix + "minNs", v.toNanos());
            parts.add("duration_ns >= {" + prefix + "minNs:UInt64}");
        });
        filter.maxDuration().ifPresent(v -> {
            where.bind(prefix + "maxNs", v.toNanos());
            parts.add("duration_ns <= {" + prefix + "maxNs:UInt64}");
        });
        if (filter.rootsOnly()) {
            parts.add("parent_span_id = ''");
        }
        filter.text().ifPresent(v -> {
            where.bind(prefix + "text", v);
            parts.add("(positionCaseInsensitiveUTF8(name, {" + prefix + "text:String}) > 0"
                    + " OR positionCaseInsensitiveUTF8(status_message, {" + prefix + "text:String}) > 0)");
        });
        for (int a = 0; a < filter.attributes().size(); a++) {
            String key = prefix + "k" + a;
            String value = prefix + "v" + a;
            AttributeFilter attribute = filter.attributes().get(a);
            where.bind(key, attribute.key()).bind(value, attribute.value());
            parts.add(Conditions.attribute(attribute, "span_attributes", "{" + key + ":String}",
                    "{" + value + ":String}"));
        }
        return parts.isEmpty() ? "1" : String.join(" AND ", parts);
    }

    private static AggregateResult.Measures measures(Row row, int i) {
        long count = row.longValue("c" + i);
        long errors = row.longValue("e" + i);
        Optional<AggregateResult.Values> values = Optional.empty();
        if (count > 0) {
            var q = row.fields().get("q" + i);
            values = Optional.of(new AggregateResult.Values(count, row.doubleValue("mn" + i), row.doubleValue("mx" + i),
                    row.doubleValue("s" + i) / count, new AggregateResult.Quantiles(QueryParts.doubleOf(q.get(0)),
                            QueryParts.doubleOf(q.get(1)), QueryParts.doubleOf(q.get(2)), QueryParts.doubleOf(q.get(3)))));
        }
        return new AggregateResult.Measures(count, errors, count == 0 ? 0 : (double) errors / count, values);
    }
}
