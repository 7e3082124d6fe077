package dev.tracehound.incidents.rule;

import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.AggregateResult;
import dev.tracehound.analytics.query.Aggregation;
import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.InvalidQueryException;
import dev.tracehound.analytics.query.LogCounts;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.LogSearch;
import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.analytics.query.MetricQuery;
import dev.tracehound.analytics.query.MetricSeries;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.analytics.query.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's query run over spans, logs or metrics: its value per group over a span of time, or per
 * step of a time series. One aggregate query each; groups are the largest by volume, at most
 * {@value #MAX_GROUPS} in an evaluation ({@value MetricQuery#MAX_LIMIT} for metrics, the largest
 * by value). A metric's value over a span of time is its series' one bucket as wide as that time.
 */
final class RuleMeasurements {

    static final int MAX_GROUPS = Aggregation.MAX_LIMIT;
    private static final double NANOS_PER_MILLI = 1e6;

    private final AggregateQueries aggregates;
    private final LogQueries logs;
    private final Optional<MetricQueries> metrics;

    RuleMeasurements(AggregateQueries aggregates, LogQueries logs, Optional<MetricQueries> metrics) {
        this.aggregates = aggregates;
        this.logs = logs;
        this.metrics = metrics;
    }

    /** A span query over {@code [from, to)}, one of many measured together. */
    record SpanWindow(RuleQuery.Spans query, Instant from, Instant to) {}

    /**
     * The value of each group of each span query (each over its own time) of the project, in their
     * order: as {@link #measure} gives it, but from as few ClickHouse queries as they allow.
     */
    List<Map<List<String>, Measured>> measureAll(String projectId, List<SpanWindow> windows) {
        List<AggregateResult> results = aggregates.aggregateAll(projectId, windows.stream()
                .map(w -> aggregation(w.query(), w.from(), w.to(), MAX_GROUPS)).toList());
        var values = new ArrayList<Map<List<String>, Measured>>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            values.add(values(windows.get(i).query(), results.get(i)));
        }
        return values;
    }

    /** Values per time bucket: the buckets' starts, and each group's values in them. */
    record Series(List<Instant> starts, Map<List<String>, List<Measured>> groups) {}

    /** The value of each group over {@code [from, to)}; without group-by, one group with an empty key. */
    Map<List<String>, Measured> measure(String projectId, RuleQuery query, Instant from, Instant to) {
        var values = new LinkedHashMap<List<String>, Measured>();
        switch (query) {
            case RuleQuery.Spans spans -> values.putAll(
                    values(spans, aggregates.aggregate(projectId, aggregation(spans, from, to, MAX_GROUPS))));
            case RuleQuery.Logs logQuery -> logs.count(projectId, search(logQuery, from, to), logQuery.groupByService())
                    .forEach((service, count) -> values.put(logQuery.groupByService() ? List.of(service) : List.of(),
                            new Measured(count, count)));
            case RuleQuery.Metrics metricQuery -> metricSeries(projectId, metricQuery, from, to, Duration.between(from, to),
                    MetricQuery.MAX_LIMIT).groups().forEach((group, points) -> values.put(group, points.getFirst()));
        }
        return values;
    }

    /** The value of each of the {@code groups} largest groups per bucket of {@code step} over {@code [from, to)}. */
    Series series(String projectId, RuleQuery query, Instant from, Instant to, Duration step, int groups) {
        var values = new LinkedHashMap<List<String>, List<Measured>>();
        return switch (query) {
            case RuleQuery.Spans spans -> {
                TimeSeries series = aggregates.timeSeries(projectId, aggregation(spans, from, to, groups), step);
                for (TimeSeries.Series s : series.series()) {
                    values.put(s.key(), s.points().stream().map(m -> value(spans.measure(), m)).toList());
                }
                yield new Series(series.buckets(), values);
            }
            case RuleQuery.Logs logQuery -> {
                LogCounts counts = logs.countSeries(projectId, search(logQuery, from, to), logQuery.groupByService(),
                        groups, step);
                counts.series().forEach((service, points) -> values.put(
                        logQuery.groupByService() ? List.of(service) : List.of(),
                        points.stream().map(c -> new Measured(c, c)).toList()));
                yield new Series(counts.buckets(), values);
            }
            case RuleQuery.Metrics metricQuery -> metricSeries(projectId, metricQuery, from, to, step, groups);
        };
    }

    /**
     * A metric's values in buckets of {@code step} from {@code from}; none at all when the project
     * has no points of that metric in the time (the metric queries refuse that, a rule sees no data).
     */
    private Series metricSeries(String projectId, RuleQuery.Metrics query, Instant from, Instant to, Duration step,
            int groups) {
        MetricQueries queries = metrics.orElseThrow(() -> new IllegalStateException(
                "rules over metrics need the metric queries; this evaluator was built without them"));
        MetricQuery metricQuery = metricQuery(query, from, to, groups);
        MetricSeries series;
        try {
            series = queries.query(projectId, metricQuery, step);
        } catch (InvalidQueryException e) {
            boolean reported = queries.names(projectId, from, to, Optional.of(query.metric())).metrics().stream()
                    .anyMatch(m -> m.name().equals(query.metric()));
            if (reported) {
                throw new InvalidRuleException(e.getMessage());
            }
            return new Series(List.of(), Map.of());
        }
        var values = new LinkedHashMap<List<String>, List<Measured>>();
        for (MetricSeries.Series line : series.series()) {
            values.put(line.key(), line.points().stream()
                    .map(p -> p == null || p.isNaN() ? Measured.NONE : new Measured(p, 1)).toList());
        }
        return new Series(series.buckets(), values);
    }

    static MetricQuery metricQuery(RuleQuery.Metrics query, Instant from, Instant to, int groups) {
        var filters = new ArrayList<AttributeFilter>();
        for (var entry : query.filters().entrySet()) {
            Aggregation.Attribute attribute = attribute(entry.getKey());
            filters.add(new AttributeFilter(attribute.scope(), attribute.key(), AttributeFilter.Op.EQUALS,
                    entry.getValue()));
        }
        var groupBy = new ArrayList<MetricQuery.GroupKey>();
        for (String dimension : query.groupBy()) {
            Aggregation.Attribute attribute = attribute(dimension.equals(RuleQuery.SERVICE_NAME)
                    ? RuleQuery.RESOURCE_SERVICE : dimension);
            groupBy.add(new MetricQuery.GroupKey(attribute.scope(), attribute.key()));
        }
        return new MetricQuery(query.metric(), from, to, query.aggregation(), query.quantile().stream().toList(),
                groupBy, query.service(), filters, Math.min(groups, MetricQuery.MAX_LIMIT));
    }

    /** Whether the query's value is a count, which grows with the time it is taken over. */
    static boolean isCount(RuleQuery query) {
        return query instanceof RuleQuery.Logs
                || query instanceof RuleQuery.Spans spans && spans.measure() == RuleQuery.Measure.COUNT;
    }

    static Aggregation aggregation(RuleQuery.Spans spans, Instant from, Instant to, int groups) {
        SpanFilter filter = SpanFilter.in(from, to);
        if (spans.service().isPresent()) {
            filter = filter.withService(spans.service().get());
        }
        for (var entry : spans.filters().entrySet()) {
            Aggregation.Attribute attribute = attribute(entry.getKey());
            filter = filter.withAttribute(new AttributeFilter(attribute.scope(), attribute.key(),
                    AttributeFilter.Op.EQUALS, entry.getValue()));
        }
        var dimensions = new ArrayList<Aggregation.Dimension>();
        for (String dimension : spans.groupBy()) {
            dimensions.add(switch (dimension) {
                case RuleQuery.SERVICE_NAME -> Aggregation.Field.SERVICE_NAME;
                case RuleQuery.SPAN_NAME -> Aggregation.Field.NAME;
                default -> attribute(dimension);
            });
        }
        return new Aggregation(filter, spans.attribute().map(RuleMeasurements::attribute), dimensions, groups);
    }

    private static Aggregation.Attribute attribute(String key) {
        return key.startsWith(RuleQuery.RESOURCE_PREFIX) && key.length() > RuleQuery.RESOURCE_PREFIX.length()
                ? Aggregation.Attribute.resource(key.substring(RuleQuery.RESOURCE_PREFIX.length()))
                : Aggregation.Attribute.span(key);
    }

    private static LogSearch search(RuleQuery.Logs query, Instant from, Instant to) {
        return new LogSearch(from, to, query.minSeverity(), query.service(), query.bodyContains(), List.of(),
                Optional.empty(), 1, Optional.empty());
    }

    /** The query's value of each group of the result, "other" left out. */
    private static Map<List<String>, Measured> values(RuleQuery.Spans spans, AggregateResult result) {
        var values = new LinkedHashMap<List<String>, Measured>();
        for (AggregateResult.Group group : result.groups()) {
            values.put(group.key(), value(spans.measure(), group.measures()));
        }
        return values;
    }

    private static Measured value(RuleQuery.Measure measure, AggregateResult.Measures measures) {
        if (measure == RuleQuery.Measure.COUNT) {
            return new Measured(measures.count(), measures.count());
        }
        if (measure == RuleQuery.Measure.ERROR_RATE) {
            return measures.count() == 0 ? Measured.NONE : new Measured(measures.errorRate(), measures.count());
        }
        if (measures.values().isEmpty()) {
            return Measured.NONE;
        }
        AggregateResult.Values values = measures.values().get();
        double scale = measure.latency() ? NANOS_PER_MILLI : 1;
        double value = switch (measure) {
            case P50 -> values.quantiles().p50();
            case P90 -> values.quantiles().p90();
            case P95 -> values.quantiles().p95();
            case P99, ATTRIBUTE_P99 -> values.quantiles().p99();
            case AVG, ATTRIBUTE_AVG -> values.avg();
            case COUNT, ERROR_RATE -> throw new AssertionError("handled above");
        };
        return new Measured(value / scale, values.count());
    }
}
