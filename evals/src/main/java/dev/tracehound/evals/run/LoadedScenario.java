package dev.tracehound.evals.run;

import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.score.Expected;
import java.util.Optional;
import java.util.function.Function;

/**
 * A scenario's telemetry once it is in ClickHouse: its project, what is true of it, and which
 * trace a question about "this trace" means.
 */
public record LoadedScenario(String projectId, Expected expected, Function<Selector, Optional<String>> traces,
        long spans, long loadMillis) {}
