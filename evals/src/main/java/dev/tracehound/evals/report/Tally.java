package dev.tracehound.evals.report;

import dev.tracehound.evals.run.QuestionResult;
import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.score.Outcome;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A group's figures: how many scenarios passed, and how its questions' answers went, outcome by
 * outcome.
 *
 * @param outcomes questions per outcome, by its wire name
 */
public record Tally(int scenarios, int passed, Map<String, Integer> outcomes, int toolCalls, int repeatedCalls,
        long tokens, double costUsd, long wallMillis) {

    public double passRate() {
        return scenarios == 0 ? 0 : (double) passed / scenarios;
    }

    /** Questions answered with something else than what was asked. */
    public int offTopic() {
        return outcomes.getOrDefault(Outcome.OFF_TOPIC.wireName(), 0);
    }

    static Tally of(Collection<ScenarioResult> results) {
        var outcomes = new LinkedHashMap<String, Integer>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.wireName(), 0);
        }
        int passed = 0;
        int calls = 0;
        int repeated = 0;
        long tokens = 0;
        double cost = 0;
        long wall = 0;
        for (ScenarioResult result : results) {
            passed += result.passed() ? 1 : 0;
            if (!result.error().isEmpty()) {
                outcomes.merge(Outcome.FAILED.wireName(), 1, Integer::sum);
            }
            for (QuestionResult question : result.questions()) {
                outcomes.merge(question.score().outcome().wireName(), 1, Integer::sum);
                calls += question.trajectory().calls().size();
                repeated += question.trajectory().repeatedCalls();
                tokens += question.trajectory().tokens();
                cost += question.trajectory().costUsd();
                wall += question.trajectory().wallMillis();
            }
        }
        return new Tally(results.size(), passed, outcomes, calls, repeated, tokens, cost, wall);
    }
}
