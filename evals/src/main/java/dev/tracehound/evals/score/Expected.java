package dev.tracehound.evals.score;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import java.util.Set;

/** What the generated telemetry says is true, for checking an answer against it. */
public interface Expected {

    /** A measured figure of the generated telemetry, in the measure's unit. */
    double truth(Fact.Truth truth);

    /** The ids of the traces that count as evidence for the question. */
    Set<String> evidenceTraces(Question.Evidence evidence);

    /** Whether a trace with this id is in the scenario's project at all. */
    boolean traceExists(String traceId);
}
