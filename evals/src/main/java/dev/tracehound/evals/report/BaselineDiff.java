package dev.tracehound.evals.report;

import dev.tracehound.evals.run.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * This run against a baseline run, scenario by scenario: what passed there and fails here
 * (regressions), what failed there and passes here (fixes). Scenarios only one of the runs has
 * are listed apart, neither regression nor fix.
 *
 * @param baseline what the baseline was: a run id or a file
 */
public record BaselineDiff(String baseline, List<String> regressions, List<String> fixes, List<String> newScenarios,
        List<String> notRun) {

    public static BaselineDiff of(String baseline, Map<String, Boolean> passedThen, List<ScenarioResult> now) {
        var regressions = new ArrayList<String>();
        var fixes = new ArrayList<String>();
        var added = new ArrayList<String>();
        Set<String> seen = new TreeSet<>();
        for (ScenarioResult result : now) {
            seen.add(result.name());
            Boolean then = passedThen.get(result.name());
            if (then == null) {
                added.add(result.name());
            } else if (then && !result.passed()) {
                regressions.add(result.name());
            } else if (!then && result.passed()) {
                fixes.add(result.name());
            }
        }
        List<String> notRun = passedThen.keySet().stream().filter(name -> !seen.contains(name)).sorted().toList();
        return new BaselineDiff(baseline, regressions, fixes, added, notRun);
    }
}
