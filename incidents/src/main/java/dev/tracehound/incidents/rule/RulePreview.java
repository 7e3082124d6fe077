package dev.tracehound.incidents.rule;

import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.MetricQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A rule's value over the last 24 h in steps of its window, with the threshold or baseline
 * and whether each step breaches: one time-series query, and a second for a baseline a day or
 * a week earlier. Steps are at least {@link #MIN_STEP} (at most 288 points) and divide a day,
 * so a window that does not is charted in the next wider step, its counts scaled to a window.
 * A trailing baseline is taken from the steps before each point; for percentiles and averages
 * that is the volume-weighted mean of theirs, where an evaluation computes them exactly.
 */
public final class RulePreview {

    static final Duration RANGE = Duration.ofHours(24);
    static final Duration MIN_STEP = Duration.ofMinutes(5);
    /** The most groups charted: the largest over the day. */
    static final int GROUPS = 10;

    private final RuleMeasurements measurements;
    private final Clock clock;

    public RulePreview(AggregateQueries aggregates, LogQueries logs, MetricQueries metrics, Clock clock) {
        this.measurements = new RuleMeasurements(aggregates, logs, Optional.of(metrics));
        this.clock = clock;
    }

    /** The last 24 h up to now; see the class comment. */
    public Preview preview(UUID projectId, RuleQuery query, Condition condition, Duration window) {
        return preview(projectId, query, condition, window, clock.instant());
    }

    /** The 24 h up to the last step that ended by {@code end}. */
    public Preview preview(UUID projectId, RuleQuery query, Condition condition, Duration window, Instant end) {
        if (window == null || window.compareTo(RuleDraft.MIN_WINDOW) < 0 || window.compareTo(RuleDraft.MAX_WINDOW) > 0) {
            throw new InvalidRuleException("the window is " + RuleJson.duration(RuleDraft.MIN_WINDOW) + " to "
                    + RuleJson.duration(RuleDraft.MAX_WINDOW) + ", was " + window);
        }
        String project = projectId.toString();
        Duration step = step(window);
        long stepSeconds = step.toSeconds();
        Instant to = Instant.ofEpochSecond(Math.floorDiv(end.getEpochSecond(), stepSeconds) * stepSeconds);
        int points = (int) (RANGE.toSeconds() / stepSeconds);
        Instant from = to.minus(step.multipliedBy(points));
        boolean counts = RuleMeasurements.isCount(query);
        double perWindow = counts ? (double) window.toNanos() / step.toNanos() : 1;

        int trailingSteps = 0;
        Instant queriedFrom = from;
        if (condition instanceof Condition.Change change && change.baseline().kind() == Condition.Baseline.Kind.TRAILING) {
            trailingSteps = (int) Math.max(1, Math.round((double) change.baseline().trailing().toSeconds() / stepSeconds));
            queriedFrom = from.minus(step.multipliedBy(trailingSteps));
        }
        RuleMeasurements.Series current = measurements.series(project, query, queriedFrom, to, step, GROUPS);
        Optional<RuleMeasurements.Series> shifted = Optional.empty();
        if (condition instanceof Condition.Change change && change.baseline().kind() != Condition.Baseline.Kind.TRAILING) {
            Duration offset = change.baseline().offset();
            shifted = Optional.of(measurements.series(project, query, from.minus(offset), to.minus(offset), step, GROUPS));
        }

        var series = new ArrayList<Preview.Series>();
        for (var group : current.groups().entrySet()) {
            List<Measured> values = group.getValue();
            List<Measured> shiftedValues = shifted.map(s -> s.groups().get(group.getKey())).orElse(null);
            var chart = new ArrayList<Preview.Point>(points);
            for (int i = 0; i < points; i++) {
                int index = trailingSteps + i;
                Measured value = values.get(index).scaled(perWindow);
                Optional<Measured> base = Optional.empty();
                if (condition instanceof Condition.Change) {
                    base = Optional.of(trailingSteps > 0
                            ? Measured.combine(values.subList(index - trailingSteps, index), counts)
                                    .scaled(counts ? perWindow / trailingSteps : 1)
                            : shiftedValues == null ? (counts ? new Measured(0, 0) : Measured.NONE)
                                    : shiftedValues.get(i).scaled(perWindow));
                }
                Judgement judgement = Judgement.of(query, condition, value, base, "", "");
                chart.add(new Preview.Point(current.starts().get(index), value.value(), judgement.compared(),
                        value.volume(), judgement.verdict()));
            }
            series.add(new Preview.Series(labels(query, group.getKey()), chart));
        }
        return new Preview(step, series);
    }

    /** The narrowest step of whole minutes that divides a day and is at least the window and {@link #MIN_STEP}. */
    static Duration step(Duration window) {
        long minutes = Math.max(MIN_STEP.toMinutes(), Math.ceilDiv(window.toSeconds(), 60));
        while ((24 * 60) % minutes != 0) {
            minutes++;
        }
        return Duration.ofMinutes(minutes);
    }

    private static Map<String, String> labels(RuleQuery query, List<String> group) {
        var labels = new LinkedHashMap<String, String>();
        for (int i = 0; i < group.size(); i++) {
            labels.put(query.groupBy().get(i), group.get(i));
        }
        return labels;
    }
}
