package dev.tracehound.incidents.rule;

import dev.tracehound.analytics.query.InvalidQueryException;
import dev.tracehound.analytics.query.MetricAggregation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an alert rule measures: a measure of spans, a count of log records, or an aggregation of
 * a metric's data points, over the rule's window, overall or per group.
 */
public sealed interface RuleQuery permits RuleQuery.Spans, RuleQuery.Logs, RuleQuery.Metrics {

    /** Group-by values of these names are span fields; any other is an attribute's key. */
    String SERVICE_NAME = "service_name";
    String SPAN_NAME = "name";
    /** A key with this prefix names a resource attribute ({@code resource.service.version}). */
    String RESOURCE_PREFIX = "resource.";
    /** The resource attribute naming a metric's service; grouped or filtered by, it is the service label. */
    String RESOURCE_SERVICE = RESOURCE_PREFIX + "service.name";
    int MAX_GROUP_BY = 3;
    int MAX_FILTERS = 20;
    long DEFAULT_MIN_VOLUME = 10;

    /** The fewest spans or records a value is computed from; under it a series has no data. */
    long minVolume();

    /** The dimensions of the groups, in order; empty for one series. */
    List<String> groupBy();

    /** The service the query is restricted to, if any. */
    Optional<String> service();

    /** What is measured of the spans; latencies in milliseconds, error rates 0..1. */
    enum Measure {
        ERROR_RATE, COUNT, P50, P90, P95, P99, AVG, ATTRIBUTE_AVG, ATTRIBUTE_P99;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether it measures a numeric attribute rather than durations or counts. */
        public boolean ofAttribute() {
            return this == ATTRIBUTE_AVG || this == ATTRIBUTE_P99;
        }

        public boolean latency() {
            return this == P50 || this == P90 || this == P95 || this == P99 || this == AVG;
        }

        public static Measure parse(String text) {
            String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
            return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidRuleException("unknown measure '" + text + "': expected one of "
                            + Arrays.stream(values()).map(Measure::wireName).collect(Collectors.joining(", "))));
        }
    }

    /**
     * A measure of the spans that match {@code service} and every attribute filter.
     *
     * @param attribute the numeric attribute measured, for the attribute measures only
     * @param filters   attribute key to the value it must equal ({@link #RESOURCE_PREFIX} for resource attributes)
     * @param groupBy   {@code service_name}, {@code name} or attribute keys, at most {@value #MAX_GROUP_BY}
     * @param minVolume the fewest spans (with a value, for attribute measures) a value needs
     */
    record Spans(Measure measure, Optional<String> attribute, Optional<String> service, Map<String, String> filters,
            List<String> groupBy, long minVolume) implements RuleQuery {

        public Spans {
            if (measure == null) {
                throw new InvalidRuleException("a span query needs a measure");
            }
            attribute = stripped(attribute);
            if (measure.ofAttribute() && attribute.isEmpty()) {
                throw new InvalidRuleException("the measure " + measure.wireName() + " needs the attribute to measure");
            }
            if (!measure.ofAttribute() && attribute.isPresent()) {
                throw new InvalidRuleException("an attribute is measured only by attribute_avg or attribute_p99, not by "
                        + measure.wireName());
            }
            attribute.ifPresent(a -> requireKey("the measured attribute", a));
            service = stripped(service);
            filters = checkedFilters(filters);
            groupBy = checkedGroupBy(groupBy);
            requireMinVolume(minVolume);
        }

        /** The spans' measure, with the default minimum volume: 10 spans, none for counts. */
        public static Spans of(Measure measure) {
            return new Spans(measure, Optional.empty(), Optional.empty(), Map.of(), List.of(),
                    measure == Measure.COUNT ? 0 : DEFAULT_MIN_VOLUME);
        }

        public Spans ofService(String name) {
            return new Spans(measure, attribute, Optional.of(name), filters, groupBy, minVolume);
        }

        public Spans where(String key, String value) {
            var all = new LinkedHashMap<>(filters);
            all.put(key, value);
            return new Spans(measure, attribute, service, all, groupBy, minVolume);
        }

        public Spans groupedBy(String... dimensions) {
            return new Spans(measure, attribute, service, filters, List.of(dimensions), minVolume);
        }

        public Spans withMinVolume(long spans) {
            return new Spans(measure, attribute, service, filters, groupBy, spans);
        }
    }

    /**
     * A count of the log records that match every filter given.
     *
     * @param minSeverity  the lowest OTLP severity number counted (9 INFO, 13 WARN, 17 ERROR)
     * @param bodyContains words that must all appear in the body, as whole words, ignoring case
     */
    record Logs(Optional<String> service, Optional<Integer> minSeverity, Optional<String> bodyContains,
            boolean groupByService) implements RuleQuery {

        public Logs {
            service = stripped(service);
            minSeverity = minSeverity == null ? Optional.empty() : minSeverity;
            minSeverity.ifPresent(s -> {
                if (s < 1 || s > 24) {
                    throw new InvalidRuleException("a minimum severity is an OTLP severity number, 1 to 24 "
                            + "(9 INFO, 13 WARN, 17 ERROR); was " + s);
                }
            });
            bodyContains = stripped(bodyContains);
            bodyContains.ifPresent(b -> {
                if (b.length() > 200) {
                    throw new InvalidRuleException("the words to look for in log bodies are at most 200 characters");
                }
            });
        }

        public static Logs all() {
            return new Logs(Optional.empty(), Optional.empty(), Optional.empty(), false);
        }

        @Override
        public long minVolume() {
            return 0;
        }

        @Override
        public List<String> groupBy() {
            return groupByService ? List.of(SERVICE_NAME) : List.of();
        }
    }

    /**
     * A metric's data points that match {@code service} and every attribute filter, aggregated
     * over the window as the metric queries aggregate one bucket (a rate per second, a sum, an
     * average, a quantile of a histogram). A value without data points is no data.
     *
     * @param aggregation one the metric's type allows (checked when it is measured)
     * @param quantile    for {@link MetricAggregation#QUANTILES} only, strictly between 0 and 1
     * @param filters     data point attribute key to the value it must equal ({@link #RESOURCE_PREFIX}
     *                    for resource attributes)
     * @param groupBy     attribute keys ({@link #RESOURCE_PREFIX} for resource attributes; {@code service_name}
     *                    stands for {@value #RESOURCE_SERVICE}), at most {@value #MAX_GROUP_BY}
     */
    record Metrics(String metric, MetricAggregation aggregation, Optional<Double> quantile, Optional<String> service,
            Map<String, String> filters, List<String> groupBy) implements RuleQuery {

        public Metrics {
            metric = metric == null ? "" : metric.strip();
            requireKey("a metric query's metric name", metric);
            if (aggregation == null) {
                throw new InvalidRuleException("a metric query needs an aggregation: sum, avg, min, max, rate or "
                        + "quantiles");
            }
            quantile = quantile == null ? Optional.empty() : quantile;
            if (aggregation == MetricAggregation.QUANTILES && quantile.isEmpty()) {
                throw new InvalidRuleException("the aggregation quantiles needs the quantile to measure, "
                        + "such as 0.99 for p99");
            }
            if (aggregation != MetricAggregation.QUANTILES && quantile.isPresent()) {
                throw new InvalidRuleException("a quantile goes with the aggregation quantiles only, not with "
                        + aggregation.label());
            }
            quantile.ifPresent(q -> {
                if (!(q > 0 && q < 1)) {
                    throw new InvalidRuleException("a quantile is strictly between 0 and 1 (0.99 for p99), was " + q);
                }
            });
            service = stripped(service);
            filters = checkedFilters(filters);
            groupBy = checkedGroupBy(groupBy);
        }

        /** The aggregation named as the metric queries name them; a clear error otherwise. */
        public static MetricAggregation aggregation(String text) {
            try {
                return MetricAggregation.parse(text);
            } catch (InvalidQueryException e) {
                throw new InvalidRuleException(e.getMessage());
            }
        }

        public static Metrics of(String metric, MetricAggregation aggregation) {
            return new Metrics(metric, aggregation, Optional.empty(), Optional.empty(), Map.of(), List.of());
        }

        /** The quantile {@code q} of a histogram metric's observations. */
        public static Metrics quantile(String metric, double q) {
            return new Metrics(metric, MetricAggregation.QUANTILES, Optional.of(q), Optional.empty(), Map.of(), List.of());
        }

        public Metrics ofService(String name) {
            return new Metrics(metric, aggregation, quantile, Optional.of(name), filters, groupBy);
        }

        public Metrics where(String key, String value) {
            var all = new LinkedHashMap<>(filters);
            all.put(key, value);
            return new Metrics(metric, aggregation, quantile, service, all, groupBy);
        }

        public Metrics groupedBy(String... dimensions) {
            return new Metrics(metric, aggregation, quantile, service, filters, List.of(dimensions));
        }

        /** No minimum: a metric's value needs data points, not a number of them. */
        @Override
        public long minVolume() {
            return 0;
        }
    }

    private static Optional<String> stripped(Optional<String> text) {
        return text == null ? Optional.empty() : text.map(String::strip).filter(t -> !t.isEmpty());
    }

    private static void requireKey(String what, String key) {
        if (key.isBlank() || key.length() > 200) {
            throw new InvalidRuleException(what + " must be a key of 1 to 200 characters, was '" + key + "'");
        }
    }

    private static Map<String, String> checkedFilters(Map<String, String> filters) {
        Map<String, String> given = filters == null ? Map.of() : filters;
        if (given.size() > MAX_FILTERS) {
            throw new InvalidRuleException("at most " + MAX_FILTERS + " attribute filters, got " + given.size());
        }
        var checked = new LinkedHashMap<String, String>();
        given.forEach((key, value) -> {
            requireKey("an attribute filter's key", key == null ? "" : key.strip());
            if (value == null) {
                throw new InvalidRuleException("the attribute filter on '" + key + "' needs a value");
            }
            checked.put(key.strip(), value);
        });
        return Collections.unmodifiableMap(checked);
    }

    private static List<String> checkedGroupBy(List<String> groupBy) {
        List<String> given = groupBy == null ? List.of() : groupBy;
        if (given.size() > MAX_GROUP_BY) {
            throw new InvalidRuleException("group by at most " + MAX_GROUP_BY + " dimensions, got " + given.size());
        }
        var checked = new ArrayList<String>();
        for (String dimension : given) {
            String key = dimension == null ? "" : dimension.strip();
            requireKey("a group-by dimension (service_name, name or an attribute key)", key);
            if (checked.contains(key)) {
                throw new InvalidRuleException("'" + key + "' is grouped by twice; name it once");
            }
            checked.add(key);
        }
        return List.copyOf(checked);
    }

    private static void requireMinVolume(long minVolume) {
        if (minVolume < 0 || minVolume > 1_000_000_000) {
            throw new InvalidRuleException("the minimum volume is 0 to 1000000000 spans, was " + minVolume);
        }
    }
}
