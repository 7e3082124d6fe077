package dev.tracehound.evals.scenario;

import java.util.List;
import java.util.Objects;

/**
 * A question asked about a scenario's telemetry and what a correct answer holds.
 *
 * @param ask          as a person would type it; {@code {trace}} stands for the trace id {@code trace} picks
 * @param kind         what is asked: {@code incident} or one of the {@link #KINDS} that are not incident hunts
 * @param mustContain  every fact must be in a correct answer
 * @param mustNotClaim none of these may be in it: a red herring named, a wrong cause
 * @param onTopic      words an answer to this question uses (any one); an answer with none of them, that
 *                     does not say it cannot answer, answered a different question
 * @param evidence     which cited traces count; null when the answer need cite none
 * @param trace        for a question about one trace: which trace {@code {trace}} is (the first whose
 *                     spans the selector matches)
 */
public record Question(String ask, String kind, List<Fact> mustContain, List<Fact> mustNotClaim, List<String> onTopic,
        Evidence evidence, Selector trace) {

    public static final List<String> KINDS = List.of("incident", "health", "count", "rate", "percentile", "slowest",
            "llm-usage", "trace", "logs", "compare-versions", "top-tenant");

    public Question {
        Objects.requireNonNull(ask, "ask");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("a question's kind is one of " + KINDS + ": " + kind);
        }
        mustContain = mustContain == null ? List.of() : List.copyOf(mustContain);
        mustNotClaim = mustNotClaim == null ? List.of() : List.copyOf(mustNotClaim);
        onTopic = onTopic == null ? List.of() : List.copyOf(onTopic);
        if (ask.contains("{trace}") != (trace != null)) {
            throw new IllegalArgumentException("a question names {trace} exactly when it says which trace: " + ask);
        }
    }

    /** An incident hunt, as opposed to a question about counts, usage, a trace or health. */
    public boolean isIncident() {
        return kind.equals("incident");
    }

    /**
     * Which cited trace ids count as evidence: each must exist in the scenario's project and, with
     * a selector, hold a span it selects that started in the minutes given (the whole window when
     * they are null).
     *
     * @param required whether a correct answer must cite at least one
     */
    public record Evidence(boolean required, Selector where, Integer fromMinute, Integer forMinutes) {}
}
