package dev.tracehound.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An {@link Aggregation}'s measures per time bucket. Buckets are {@code bucketWidth} wide,
 * aligned to the epoch, and cover the whole window: the first starts at or before its
 * start, the last holds its end. Every series has one point per bucket; a bucket without
 * spans has a zero count and no values.
 *
 * @param buckets where each bucket starts
 * @param series  one per group, the largest first by span count over the window (one with an
 *                empty key without dimensions)
 * @param other   the groups beyond the aggregation's limit, together, when there are any
 */
public record TimeSeries(Duration bucketWidth, List<Instant> buckets, List<Series> series, Optional<Series> other) {

    public TimeSeries {
        buckets = List.copyOf(buckets);
        series = List.copyOf(series);
    }

    /** @param key as {@link AggregateResult.Group#key()} */
    public record Series(List<String> key, List<AggregateResult.Measures> points) {

        public Series {
            key = List.copyOf(key);
            points = List.copyOf(points);
        }
    }
}
