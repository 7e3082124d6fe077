package dev.tracehound.evals.score;

/** How an answer did, from best to worst. */
public enum Outcome {
    /** Every fact it must hold, none it must not, and its evidence is valid. */
    CORRECT,
    /** It said it cannot answer, and why: honest, not correct. */
    DECLINED,
    /** It answered the question, but wrongly or without valid evidence. */
    WRONG,
    /** It answered a different question than the one asked. */
    OFF_TOPIC,
    /** No answer: the run failed or timed out. */
    FAILED;

    public String wireName() {
        return name().toLowerCase().replace('_', '-');
    }
}
