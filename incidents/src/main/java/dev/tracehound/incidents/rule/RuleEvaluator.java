package dev.tracehound.incidents.rule;

import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.incidents.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Evaluates an alert rule at an instant: its query over the window ending then (one aggregate
 * query), and for a change condition the same query over the baseline's time (a second one),
 * into one observation per group. {@link #evaluateAll} evaluates many rules with their span
 * queries answered together ({@link RuleBatch}).
 */
public final class RuleEvaluator {

    /** How a rule's query is measured over a span of time: by a query of its own, or from a batch's answers. */
    @FunctionalInterface
    interface Measure {
        Map<List<String>, Measured> of(String projectId, RuleQuery query, Instant from, Instant to);
    }

    private final RuleMeasurements measurements;

    public RuleEvaluator(AggregateQueries aggregates, LogQueries logs, MetricQueries metrics) {
        this.measurements = new RuleMeasurements(aggregates, logs, Optional.of(metrics));
    }

    /**
     * One observation per group of the window (and, for a change, per group of the baseline, whose
     * count is then 0): BREACHING or HEALTHY, or NO_DATA under the query's minimum volume or
     * without a baseline. Without group-by, always one observation.
     */
    public List<Observation> evaluate(AlertRule rule, Instant at) {
        return observations(rule, at, measurements::measure);
    }

    /**
     * The observations of many rules at {@code at}, by rule id, each as {@link #evaluate} gives them:
     * the span queries of each project's rules are answered together, a few ClickHouse queries for
     * any number of rules. Rules over logs, and those of a project whose batch failed, are left out:
     * evaluate them alone.
     */
    public Map<UUID, List<Observation>> evaluateAll(List<AlertRule> rules, Instant at) {
        return new RuleBatch(measurements, this::observations).evaluate(rules, at);
    }

    /** The rule's observations at {@code at}, its query's values over each span of time taken from {@code measure}. */
    private List<Observation> observations(AlertRule rule, Instant at, Measure measure) {
        RuleQuery query = rule.query();
        String project = rule.projectId().toString();
        Map<List<String>, Measured> current = measure.of(project, query, at.minus(rule.window()), at);
        Map<List<String>, Measured> baseline = Map.of();
        Set<List<String>> groups = new LinkedHashSet<>(current.keySet());
        if (rule.condition() instanceof Condition.Change change) {
            baseline = baseline(measure, project, query, change.baseline(), rule.window(), at);
            if (RuleMeasurements.isCount(query)) {
                groups.addAll(baseline.keySet());
            }
        }
        if (query.groupBy().isEmpty()) {
            groups = Set.of(List.of());
        }
        String over = "the " + RuleJson.duration(rule.window()) + " before " + at;
        Measured none = RuleMeasurements.isCount(query) ? new Measured(0, 0) : Measured.NONE;
        var observations = new ArrayList<Observation>();
        for (List<String> group : groups) {
            Measured value = current.getOrDefault(group, none);
            Optional<Measured> base = rule.condition() instanceof Condition.Change
                    ? Optional.of(baseline.getOrDefault(group, none)) : Optional.empty();
            Judgement judgement = Judgement.of(query, rule.condition(), value, base, describe(query, group), over);
            observations.add(new Observation(rule.source(), seriesKey(query, group), labels(rule, group),
                    judgement.verdict(), rule.severity(), value.value(), judgement.compared(), value.volume(),
                    judgement.summary()));
        }
        return observations;
    }

    /** The baseline's values per group, counts normalised to one window. */
    private static Map<List<String>, Measured> baseline(Measure measure, String project, RuleQuery query,
            Condition.Baseline baseline, Duration window, Instant at) {
        if (baseline.kind() != Condition.Baseline.Kind.TRAILING) {
            Instant end = at.minus(baseline.offset());
            return measure.of(project, query, end.minus(window), end);
        }
        Instant end = at.minus(window);
        Map<List<String>, Measured> values = measure.of(project, query, end.minus(baseline.trailing()), end);
        if (!RuleMeasurements.isCount(query)) {
            return values;
        }
        double perWindow = (double) window.toNanos() / baseline.trailing().toNanos();
        var scaled = new LinkedHashMap<List<String>, Measured>();
        values.forEach((group, measured) -> scaled.put(group, measured.scaled(perWindow)));
        return scaled;
    }

    /** alertname, service when known, each group-by value under its dimension, then the rule's own labels. */
    static Map<String, String> labels(AlertRule rule, List<String> group) {
        var labels = new LinkedHashMap<>(rule.labels());
        labels.put("alertname", rule.name());
        rule.query().service().ifPresent(service -> labels.put("service", service));
        if (rule.query() instanceof RuleQuery.Metrics metrics && metrics.filters().containsKey(RuleQuery.RESOURCE_SERVICE)) {
            labels.put("service", metrics.filters().get(RuleQuery.RESOURCE_SERVICE));
        }
        List<String> dimensions = rule.query().groupBy();
        for (int i = 0; i < group.size() && i < dimensions.size(); i++) {
            labels.put(dimensions.get(i), group.get(i));
            if (dimensions.get(i).equals(RuleQuery.SERVICE_NAME) || dimensions.get(i).equals(RuleQuery.RESOURCE_SERVICE)) {
                labels.put("service", group.get(i));
            }
        }
        return labels;
    }

    /** {@code all} without group-by, else {@code dimension=value} pairs. */
    static String seriesKey(RuleQuery query, List<String> group) {
        if (group.isEmpty()) {
            return "all";
        }
        List<String> dimensions = query.groupBy();
        return IntStream.range(0, group.size())
                .mapToObj(i -> dimensions.get(i) + "=" + group.get(i)).collect(Collectors.joining(","));
    }

    /** What is measured, for people: "the error rate of checkout spans (name=POST /pay)". */
    static String describe(RuleQuery query, List<String> group) {
        String what = switch (query) {
            case RuleQuery.Spans spans -> switch (spans.measure()) {
                case ERROR_RATE -> "the error rate of ";
                case COUNT -> "the number of ";
                case P50, P90, P95, P99 -> "the " + spans.measure().wireName() + " latency of ";
                case AVG -> "the average latency of ";
                case ATTRIBUTE_AVG -> "the average " + spans.attribute().orElse("") + " of ";
                case ATTRIBUTE_P99 -> "the p99 " + spans.attribute().orElse("") + " of ";
            } + spans.service().map(s -> s + " ").orElse("") + "spans"
                    + (spans.filters().isEmpty() ? "" : " where " + spans.filters().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
            case RuleQuery.Logs logs -> "the number of " + logs.service().map(s -> s + " ").orElse("") + "log records"
                    + logs.minSeverity().map(s -> " of severity " + s + " or more").orElse("")
                    + logs.bodyContains().map(b -> " saying '" + b + "'").orElse("");
            case RuleQuery.Metrics metrics -> (metrics.aggregation() == MetricAggregation.QUANTILES
                    ? "the p" + trimmed(metrics.quantile().orElse(0.0) * 100) : "the " + metrics.aggregation().label())
                    + " of " + metrics.metric() + metrics.service().map(s -> " of " + s).orElse("")
                    + (metrics.filters().isEmpty() ? "" : " where " + metrics.filters().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        };
        return group.isEmpty() ? what : what + " (" + seriesKey(query, group) + ")";
    }

    private static String trimmed(double value) {
        double rounded = Math.round(value * 1000) / 1000.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
