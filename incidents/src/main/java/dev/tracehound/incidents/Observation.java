package dev.tracehound.incidents;

import java.util.Map;
import java.util.Objects;

/**
 * What one evaluation of a rule or a detector saw for one series (one group of its group-by, or
 * one service), at one instant: whether the series breaches, is healthy, or had too little data
 * to say.
 *
 * @param source    what evaluated it: {@code rule:<rule id>} or {@code anomaly:<detector>}
 *                  ({@code anomaly:error-rate}, {@code anomaly:p99-latency}, {@code anomaly:new-error})
 * @param seriesKey the series within the source, stable across evaluations (e.g. {@code checkout})
 * @param labels    what the series is: {@code service} when known, the group-by values, the rule's
 *                  labels, {@code alertname}; what silences match and incidents are grouped by
 * @param value     the measured value (error rate 0..1, milliseconds, a count), NaN without data
 * @param baseline  what it is compared with (the threshold, or the baseline's value), NaN if none
 * @param volume    how many spans or logs the value was computed from
 * @param summary   one sentence for people: what was measured, against what
 */
public record Observation(String source, String seriesKey, Map<String, String> labels, Verdict verdict,
        Severity severity, double value, double baseline, long volume, String summary) {

    /** Whether a series breaches its condition; NO_DATA leaves its state as it is. */
    public enum Verdict { BREACHING, HEALTHY, NO_DATA }

    public Observation {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(seriesKey, "seriesKey");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
    }

    public boolean breaching() {
        return verdict == Verdict.BREACHING;
    }
}
