package dev.tracehound.evals.generate;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Selector;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What generating a scenario's telemetry made, and the answers its questions expect, measured
 * on the rows themselves (not read back from ClickHouse). Holds only what the questions ask.
 *
 * @param spans    rows written to the spans table
 * @param logs     log records
 * @param traces   requests that recorded at least one span
 */
public record Generated(long spans, long logs, long traces, Map<Fact.Truth, Double> truths,
        Map<Question.Evidence, Set<String>> evidence, Map<Selector, String> firstTraces) {

    public Generated {
        truths = Map.copyOf(truths);
        evidence = evidence.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        firstTraces = Map.copyOf(firstTraces);
    }

    /** The figure a fact of one of the questions names. */
    public double truth(Fact.Truth truth) {
        Double value = truths.get(truth);
        if (value == null) {
            throw new IllegalArgumentException("no question of the scenario asks for " + truth.describe()
                    + ": only the figures its questions name are measured");
        }
        return value;
    }

    /**
     * The ids of the traces that count as the evidence of a question: with a span the selector
     * selects, started in the evidence's minutes; when a fault on that same selector is active
     * then, only traces where it changed such a span (failed it, slowed it, retried it, blew up
     * its tokens, or, for an outage, failed a call to it).
     */
    public Set<String> evidenceTraces(Question.Evidence evidence) {
        Set<String> traceIds = this.evidence.get(evidence);
        if (traceIds == null) {
            throw new IllegalArgumentException("no question of the scenario cites this evidence: " + evidence);
        }
        return traceIds;
    }

    /**
     * The trace a question about one trace means: the first in time with a span the selector
     * selects, preferring the first a fault on that selector changed; empty when no span matches.
     */
    public Optional<String> traceFor(Selector selector) {
        return Optional.ofNullable(firstTraces.get(selector));
    }
}
