package dev.tracehound.evals.gate;

import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.run.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the gate's subset is chosen from a run of the whole suite, the same way each time: per
 * category, up to {@value #PER_CATEGORY} scenarios of different difficulties (easiest first, then
 * by name), so every kind of incident and question is in it at more than one level. Its threshold
 * is the subset's measured pass rate less {@value #MARGIN}: a tolerance for a deliberate trade,
 * while any scenario that passed and fails must be listed as a known change anyway.
 */
public final class GateSubset {

    static final int PER_CATEGORY = 2;
    static final double MARGIN = 0.05;

    private GateSubset() {
    }

    public static CiGate from(EvalReport report) {
        var byCategory = new TreeMap<String, List<ScenarioResult>>();
        report.results().forEach(result -> byCategory.computeIfAbsent(result.category(), c -> new ArrayList<>()).add(result));
        var chosen = new ArrayList<ScenarioResult>();
        byCategory.forEach((category, results) -> {
            var seen = new ArrayList<String>();
            results.stream()
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .sorted((a, b) -> Integer.compare(rank(a.difficulty()), rank(b.difficulty())))
                    .forEach(result -> {
                        if (seen.size() < PER_CATEGORY && !seen.contains(result.difficulty())) {
                            seen.add(result.difficulty());
                            chosen.add(result);
                        }
                    });
        });
        Map<String, Boolean> baseline = new LinkedHashMap<>();
        chosen.forEach(result -> baseline.put(result.name(), result.passed()));
        double measured = (double) chosen.stream().filter(ScenarioResult::passed).count() / chosen.size();
        double threshold = Math.max(0, Math.floor((measured - MARGIN) * 100) / 100);
        return new CiGate(chosen.stream().map(ScenarioResult::name).toList(), threshold, measured, baseline, Map.of());
    }

    private static int rank(String difficulty) {
        return switch (difficulty) {
            case "easy" -> 0;
            case "medium" -> 1;
            default -> 2;
        };
    }
}
