package dev.tracehound.evals.report;

import dev.tracehound.evals.run.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A run's figures overall, by tag and by category, and what it cost per correct answer.
 *
 * @param tokensPerCorrect the run's tokens over its correctly answered questions (all tokens, the
 *                         wasted ones included: what a correct answer costs)
 */
public record Summary(Tally overall, Map<String, Tally> byTag, Map<String, Tally> byCategory, long tokensPerCorrect) {

    public static Summary of(List<ScenarioResult> results) {
        Tally overall = Tally.of(results);
        int correct = overall.outcomes().getOrDefault("correct", 0);
        return new Summary(overall, group(results, ScenarioResult::tags), group(results, r -> List.of(r.category())),
                correct == 0 ? 0 : overall.tokens() / correct);
    }

    private static Map<String, Tally> group(List<ScenarioResult> results, Function<ScenarioResult, List<String>> keys) {
        var groups = new TreeMap<String, List<ScenarioResult>>();
        for (ScenarioResult result : results) {
            for (String key : keys.apply(result)) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
            }
        }
        var tallies = new TreeMap<String, Tally>();
        groups.forEach((key, group) -> tallies.put(key, Tally.of(group)));
        return tallies;
    }
}
