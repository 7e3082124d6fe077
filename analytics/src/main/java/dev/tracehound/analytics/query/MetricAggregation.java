package dev.tracehound.analytics.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a metric series shows per time bucket. Which ones a metric allows depends on its type:
 * gauges take sum, avg, min and max; sums those and rate (monotonic cumulative sums and delta
 * sums); histograms and exponential histograms rate, avg and quantiles.
 */
public enum MetricAggregation {
    /** Gauges and cumulative sums: each series' last value in the bucket, added up; delta sums: every value added up. */
    SUM,
    /** Gauges and sums: the mean of the points' values; histograms: the mean observed value (sum / count). */
    AVG,
    /** The smallest value of the bucket's points. */
    MIN,
    /** The largest value of the bucket's points. */
    MAX,
    /** Per second over the bucket: a sum's increase (resets counted from zero), a histogram's observations. */
    RATE,
    /** Quantiles of the values a histogram observed in the bucket, interpolated within its buckets. */
    QUANTILES;

    /** Its name in requests and results: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The aggregation named {@code label}, ignoring case; a clear error naming the choices otherwise. */
    public static MetricAggregation parse(String label) {
        if (label != null) {
            for (MetricAggregation aggregation : values()) {
                if (aggregation.label().equalsIgnoreCase(label.strip())) {
                    return aggregation;
                }
            }
            if (label.strip().equalsIgnoreCase("quantile") || label.strip().equalsIgnoreCase("percentiles")) {
                return QUANTILES;
            }
        }
        throw new InvalidQueryException("unknown aggregation '" + label + "': use one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(MetricAggregation::label).collect(Collectors.joining(", "));
    }
}
