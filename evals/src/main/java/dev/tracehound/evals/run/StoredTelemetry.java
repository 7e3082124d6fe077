package dev.tracehound.evals.run;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.evals.generate.Generated;
import dev.tracehound.evals.generate.ScenarioLoader;
import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.score.Expected;
import java.time.Clock;
import java.util.Set;

/**
 * Scenarios' telemetry in ClickHouse, loaded once per project: the truths and evidence come from
 * the generation (measured on the rows written), whether a cited trace exists from the store.
 */
public final class StoredTelemetry implements EvalRunner.Telemetry {

    private final ScenarioLoader loader;
    private final TelemetryQueries queries;

    public StoredTelemetry(ClickHouse clickHouse) {
        this.loader = new ScenarioLoader(clickHouse);
        this.queries = TelemetryQueries.over(clickHouse, Clock.systemUTC());
    }

    @Override
    public LoadedScenario load(Scenario scenario) {
        long started = System.nanoTime();
        Generated generated = loader.load(scenario);
        String project = ScenarioLoader.projectId(scenario);
        Expected expected = new Expected() {
            @Override
            public double truth(Fact.Truth truth) {
                return generated.truth(truth);
            }

            @Override
            public Set<String> evidenceTraces(Question.Evidence evidence) {
                return generated.evidenceTraces(evidence);
            }

            @Override
            public boolean traceExists(String traceId) {
                return queries.traces().trace(project, traceId).isPresent();
            }
        };
        return new LoadedScenario(project, expected, generated::traceFor, generated.spans(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
