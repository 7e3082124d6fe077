package dev.tracehound.evals.report;

import dev.tracehound.evals.run.ScenarioResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run of the suite, as kept and shown: what ran (commit, model, the system prompt's hash, the
 * filter), its figures, each scenario's result, and the difference from a baseline run.
 */
public record EvalReport(String id, Instant startedAt, Instant finishedAt, String gitCommit, String model,
        String promptHash, String filter, Summary summary, List<ScenarioResult> results, Optional<BaselineDiff> diff) {

    public EvalReport {
        results = List.copyOf(results);
    }

    public static EvalReport of(String id, Instant startedAt, Instant finishedAt, String gitCommit, String model,
            String promptHash, String filter, List<ScenarioResult> results, Optional<BaselineDiff> diff) {
        return new EvalReport(id, startedAt, finishedAt, gitCommit, model, promptHash, filter, Summary.of(results),
                results, diff);
    }

    /** Whether each scenario passed, by name: what a later run compares itself with. */
    public Map<String, Boolean> passedByScenario() {
        var passed = new LinkedHashMap<String, Boolean>();
        results.forEach(result -> passed.put(result.name(), result.passed()));
        return passed;
    }
}
