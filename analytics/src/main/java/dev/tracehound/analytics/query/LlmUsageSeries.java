package dev.tracehound.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * LLM usage per time bucket, as {@link TimeSeries} is for measures: epoch-aligned buckets
 * covering the window, and a point for every bucket (zero where there were no calls).
 *
 * @param series one per group, the costliest over the window first (one with an empty key without dimensions)
 * @param other  the groups beyond the request's limit, summed, when there are any
 */
public record LlmUsageSeries(Duration bucketWidth, List<Instant> buckets, List<Series> series, Optional<Series> other) {

    public LlmUsageSeries {
        buckets = List.copyOf(buckets);
        series = List.copyOf(series);
    }

    /** @param key as {@link AggregateResult.Group#key()} */
    public record Series(List<String> key, List<LlmUsageReport.Usage> points) {

        public Series {
            key = List.copyOf(key);
            points = List.copyOf(points);
        }
    }
}
