package dev.tracehound.evals.gate;

import dev.tracehound.evals.run.ScenarioResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CI gate: a fixed subset of the suite, the pass rate it must keep (set from a measured run,
 * a little below it), each scenario's result at that run, and the scenarios whose result is
 * known to change (a fix in flight, a deliberate trade). A run fails the gate when its pass rate
 * is below the threshold, or when a scenario that passed at the baseline fails and is not listed
 * as a known change.
 *
 * @param measuredPassRate the pass rate of the run the baseline comes from
 * @param baseline         each scenario's result at that run: passed or not
 * @param knownChanges     scenarios allowed to differ from the baseline, each with why
 */
public record CiGate(List<String> scenarios, double threshold, double measuredPassRate, Map<String, Boolean> baseline,
        Map<String, String> knownChanges) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();

    public CiGate {
        scenarios = List.copyOf(scenarios);
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("a gate runs at least one scenario");
        }
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("a gate's threshold is a share, 0 to 1: " + threshold);
        }
        baseline = Map.copyOf(Objects.requireNonNull(baseline, "baseline"));
        knownChanges = knownChanges == null ? Map.of() : Map.copyOf(knownChanges);
    }

    /** The gate's verdict on a run of its scenarios. */
    public record Verdict(boolean passed, double passRate, List<String> regressions, List<String> missing,
            List<String> reasons) {}

    public static CiGate read(Path file) {
        try {
            return JSON.readValue(Files.readString(file), CiGate.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the gate " + file, e);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid gate: " + e.getMessage(), e);
        }
    }

    public String json() {
        return JSON.writeValueAsString(this) + "\n";
    }

    public Verdict judge(List<ScenarioResult> results) {
        var reasons = new ArrayList<String>();
        var regressions = new ArrayList<String>();
        var ran = results.stream().map(ScenarioResult::name).toList();
        List<String> missing = scenarios.stream().filter(name -> !ran.contains(name)).toList();
        if (!missing.isEmpty()) {
            reasons.add("the gate's scenarios " + missing + " are not in the suite any more: update the gate");
        }
        long passed = results.stream().filter(ScenarioResult::passed).count();
        double rate = (double) passed / scenarios.size();
        if (rate < threshold) {
            reasons.add(String.format(Locale.ROOT, "pass rate %.1f%% is below the gate's threshold %.1f%% (measured %.1f%%)",
                    rate * 100, threshold * 100, measuredPassRate * 100));
        }
        for (ScenarioResult result : results) {
            if (Boolean.TRUE.equals(baseline.get(result.name())) && !result.passed()
                    && !knownChanges.containsKey(result.name())) {
                regressions.add(result.name());
            }
        }
        if (!regressions.isEmpty()) {
            reasons.add("passed at the baseline and fail now, not listed as known changes: " + regressions);
        }
        return new Verdict(reasons.isEmpty(), rate, regressions, missing, reasons);
    }
}
