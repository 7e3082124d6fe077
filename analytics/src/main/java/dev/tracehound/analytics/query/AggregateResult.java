package dev.tracehound.analytics.query;

import java.util.List;
import java.util.Optional;

/**
 * The measures of an {@link Aggregation}: one group per distinct value (or combination of
 * values) of its dimensions, the largest first by span count, ties in key order; without
 * dimensions, one group with an empty key. Groups beyond the aggregation's limit are folded
 * into {@code other}, whose measures are as exact as any group's.
 */
public record AggregateResult(List<Group> groups, Optional<Group> other) {

    public AggregateResult {
        groups = List.copyOf(groups);
    }

    /**
     * @param key        one value per dimension, in the aggregation's order; the empty string where
     *                   a span lacks the attribute; empty for "other" and without dimensions
     * @param groupCount how many distinct groups this stands for: 1, or for "other" those folded in
     */
    public record Group(List<String> key, long groupCount, Measures measures) {

        public Group {
            key = List.copyOf(key);
        }
    }

    /**
     * @param count     spans selected
     * @param errors    of them, those with status ERROR
     * @param errorRate {@code errors / count}, 0 without spans
     * @param values    the measured values, empty when no span has one
     */
    public record Measures(long count, long errors, double errorRate, Optional<Values> values) {

        static final Measures NONE = new Measures(0, 0, 0, Optional.empty());
    }

    /**
     * The measured values: durations in nanoseconds, or an attribute's numbers. An attribute's
     * value counts when it parses whole as a finite decimal number ({@code 12}, {@code -0.5},
     * {@code 1e3}); spans where it is missing, empty, not a number, NaN or infinite have no
     * value (they still count in {@link Measures#count()}).
     *
     * @param count spans with a value
     */
    public record Values(long count, double min, double max, double avg, Quantiles quantiles) {}

    /**
     * Quantiles by ClickHouse's {@code quantiles} (reservoir sampling, 8192 values). Exact for a
     * group of at most 8192 values, interpolating linearly between the two nearest ranks (as
     * numpy's default does). Above 8192 values they are those of a uniform random sample of
     * 8192 of them, so a quantile q is the value at a rank off by a standard deviation of
     * {@code sqrt(q(1-q)/8192)} of the values: 0.55 percentile points at p50, 0.33 at p90, 0.24
     * at p95 and 0.11 at p99; such results can differ slightly between runs.
     */
    public record Quantiles(double p50, double p90, double p95, double p99) {}
}
