package dev.tracehound.incidents.rule;

import dev.tracehound.incidents.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Span rules evaluated together. Each rule is first run dry, with a measure that only notes which
 * query over which span of time it asks for (its window, and its baseline's); then each project's
 * noted queries are measured at once, identical ones once ({@link RuleMeasurements#measureAll});
 * then each rule runs again on those answers. The second run is the evaluation {@link RuleEvaluator#evaluate}
 * makes, with the same code, so the observations are the same as one by one.
 */
final class RuleBatch {

    private static final Logger log = LoggerFactory.getLogger(RuleBatch.class);

    /** How the evaluator turns a rule and its measured values into observations. */
    @FunctionalInterface
    interface Observe {
        List<Observation> observations(AlertRule rule, Instant at, RuleEvaluator.Measure measure);
    }

    private final RuleMeasurements measurements;
    private final Observe observe;

    RuleBatch(RuleMeasurements measurements, Observe observe) {
        this.measurements = measurements;
        this.observe = observe;
    }

    /** The observations of the span rules by rule id; rules over logs and projects whose batch failed left out. */
    Map<UUID, List<Observation>> evaluate(List<AlertRule> rules, Instant at) {
        var byProject = new LinkedHashMap<String, List<AlertRule>>();
        for (AlertRule rule : rules) {
            if (rule.query() instanceof RuleQuery.Spans) {
                byProject.computeIfAbsent(rule.projectId().toString(), p -> new ArrayList<>()).add(rule);
            }
        }
        var seen = new LinkedHashMap<UUID, List<Observation>>();
        byProject.forEach((project, projectRules) -> {
            try {
                seen.putAll(evaluate(project, projectRules, at));
            } catch (RuntimeException e) {
                log.warn("evaluating the {} span rules of project {} together failed; each is evaluated alone",
                        projectRules.size(), project, e);
            }
        });
        return seen;
    }

    private Map<UUID, List<Observation>> evaluate(String project, List<AlertRule> rules, Instant at) {
        Set<RuleMeasurements.SpanWindow> asked = new LinkedHashSet<>();
        for (AlertRule rule : rules) {
            observe.observations(rule, at, (projectId, query, from, to) -> {
                asked.add(new RuleMeasurements.SpanWindow((RuleQuery.Spans) query, from, to));
                return Map.of();
            });
        }
        List<RuleMeasurements.SpanWindow> windows = List.copyOf(asked);
        List<Map<List<String>, Measured>> values = measurements.measureAll(project, windows);
        var answers = new LinkedHashMap<RuleMeasurements.SpanWindow, Map<List<String>, Measured>>();
        for (int i = 0; i < windows.size(); i++) {
            answers.put(windows.get(i), values.get(i));
        }
        var seen = new LinkedHashMap<UUID, List<Observation>>();
        for (AlertRule rule : rules) {
            seen.put(rule.id(), observe.observations(rule, at, (projectId, query, from, to) -> {
                Map<List<String>, Measured> answer = answers.get(
                        new RuleMeasurements.SpanWindow((RuleQuery.Spans) query, from, to));
                if (answer == null) {
                    throw new IllegalStateException("rule " + rule.id() + " asked for " + query + " over [" + from
                            + ", " + to + ") only when evaluated, not when its queries were gathered");
                }
                return answer;
            }));
        }
        return seen;
    }
}
