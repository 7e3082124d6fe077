package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.rule.AlertRule;
import dev.tracehound.incidents.rule.AlertRules;
import dev.tracehound.incidents.rule.Condition;
import dev.tracehound.incidents.rule.RuleEvaluator;
import dev.tracehound.incidents.rule.RuleQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Rounds of rule evaluation, each side by side on the same instant: the batched path (the enabled rules
 * listed, their span queries answered together, {@link RuleEvaluator#evaluateAll}) and the single path
 * (the same rules listed and evaluated one by one, {@link RuleEvaluator#evaluate}), alternating which goes
 * first. Each side's wall time and ClickHouse's load between snapshots of its counters.
 */
final class RuleRounds {

    private final AlertRules rules;
    private final RuleEvaluator evaluator;
    private final ClickHouseLoad load;

    RuleRounds(AlertRules rules, ClickHouse clickHouse, ClickHouseLoad load) {
        this.rules = rules;
        this.evaluator = new RuleEvaluator(new AggregateQueries(clickHouse), new LogQueries(clickHouse),
                new MetricQueries(clickHouse));
        this.load = load;
    }

    /** One side of one round. */
    record Side(long nanos, ClickHouseLoad.Delta load, Map<UUID, List<Observation>> seen) {}

    /** Both sides of one round, and how their observations compare. */
    record Round(Instant at, boolean batchedFirst, Side batched, Side single, Agreement agreement) {}

    /**
     * @param series         observations of the single path
     * @param equal          of them, those the batched path saw exactly alike
     * @param sameVerdict    those with the same verdict (quantiles of more than 8,192 spans are sampled, so a
     *                       latency near its threshold can be judged either way by either path)
     */
    record Agreement(long series, long equal, long sameVerdict, List<String> examples) {}

    /** {@code rounds} instants spread over the hours of {@code [from, to)}, on whole minutes. */
    static List<Instant> instants(Instant from, Instant to, int rounds) {
        long span = Duration.between(from, to).toSeconds();
        var instants = new ArrayList<Instant>();
        for (int i = 0; i < rounds; i++) {
            instants.add(from.plusSeconds(span * (2L * i + 1) / (2L * rounds)).truncatedTo(ChronoUnit.MINUTES));
        }
        return instants;
    }

    Round round(Instant at, boolean batchedFirst) {
        Side batched;
        Side single;
        if (batchedFirst) {
            batched = batched(at);
            single = single(at);
        } else {
            single = single(at);
            batched = batched(at);
        }
        return new Round(at, batchedFirst, batched, single, compare(batched.seen(), single.seen()));
    }

    private Side batched(Instant at) {
        ClickHouseLoad.Snapshot before = load.snapshot();
        long started = System.nanoTime();
        List<AlertRule> enabled = rules.listEnabled();
        Map<UUID, List<Observation>> seen = new LinkedHashMap<>(evaluator.evaluateAll(enabled, at));
        // What the engine does with a rule the batch left out: evaluate it alone (none here: all are span rules).
        for (AlertRule rule : enabled) {
            seen.computeIfAbsent(rule.id(), id -> evaluator.evaluate(rule, at));
        }
        long nanos = System.nanoTime() - started;
        return new Side(nanos, ClickHouseLoad.between(before, load.snapshot()), seen);
    }

    private Side single(Instant at) {
        ClickHouseLoad.Snapshot before = load.snapshot();
        long started = System.nanoTime();
        var seen = new LinkedHashMap<UUID, List<Observation>>();
        for (AlertRule rule : rules.listEnabled()) {
            seen.put(rule.id(), evaluator.evaluate(rule, at));
        }
        long nanos = System.nanoTime() - started;
        return new Side(nanos, ClickHouseLoad.between(before, load.snapshot()), seen);
    }

    private static Agreement compare(Map<UUID, List<Observation>> batched, Map<UUID, List<Observation>> single) {
        long series = 0;
        long equal = 0;
        long sameVerdict = 0;
        var verdicts = new ArrayList<String>();
        var values = new ArrayList<String>();
        for (var entry : single.entrySet()) {
            List<Observation> other = batched.getOrDefault(entry.getKey(), List.of());
            for (Observation one : entry.getValue()) {
                series++;
                Observation match = other.stream().filter(o -> o.seriesKey().equals(one.seriesKey())).findFirst()
                        .orElse(null);
                if (match != null) {
                    equal += match.equals(one) ? 1 : 0;
                    sameVerdict += match.verdict() == one.verdict() ? 1 : 0;
                }
                if (!one.equals(match)) {
                    // A different verdict matters more than a differing value: those are shown first.
                    boolean verdict = match == null || match.verdict() != one.verdict();
                    (verdict ? verdicts : values).add(String.format(Locale.ROOT, "%s, %s (against %.4g): %.4g %s one by "
                            + "one, %s", one.labels().get("alertname"), one.seriesKey(), one.baseline(), one.value(),
                            one.verdict(), match == null ? "no such series batched"
                                    : String.format(Locale.ROOT, "%.4g %s batched", match.value(), match.verdict())));
                }
            }
        }
        var examples = new ArrayList<>(verdicts);
        examples.addAll(values);
        return new Agreement(series, equal, sameVerdict, List.copyOf(examples.subList(0, Math.min(3, examples.size()))));
    }

    /** The ClickHouse queries the single path needs per round: one per rule, two for a change. */
    static long singleQueries(List<AlertRule> rules) {
        return rules.stream().mapToLong(r -> r.condition() instanceof Condition.Change ? 2 : 1).sum();
    }

    static String describe(List<AlertRule> rules) {
        long changes = rules.stream().filter(r -> r.condition() instanceof Condition.Change).count();
        long grouped = rules.stream().filter(r -> !r.query().groupBy().isEmpty()).count();
        long filtered = rules.stream().filter(r -> r.query() instanceof RuleQuery.Spans s
                && !s.filters().isEmpty()).count();
        var windows = new TreeMap<Duration, Long>();
        rules.forEach(r -> windows.merge(r.window(), 1L, Long::sum));
        return String.format(Locale.ROOT, "%,d rules: %,d with attribute filters, %,d grouped, %,d changes against the "
                + "day before, the rest thresholds; windows %s", rules.size(), filtered, grouped, changes,
                windows.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey().toMinutes() + " min").toList());
    }
}
