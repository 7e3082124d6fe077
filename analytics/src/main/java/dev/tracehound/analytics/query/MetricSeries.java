package dev.tracehound.analytics.query;

import dev.tracehound.analytics.MetricRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A metric's {@link MetricQuery} answered: one line of points per group and measure, over
 * buckets {@code bucketWidth} wide, aligned to the epoch, covering the whole window (the first
 * starts at or before its start, the last holds its end). A bucket without data has a null
 * point, never a zero: a gauge that was not reported is not 0.
 *
 * @param unit          the unit of the points: the metric's, with {@code /s} for rates and
 *                      {@code 1/s} for the rate of a histogram's observations
 * @param series        the largest groups first (by the sum of their points); one with an
 *                      empty key without group-by
 * @param omittedGroups groups beyond the query's limit, left out
 */
public record MetricSeries(String metric, MetricRow.MetricType type, String unit, MetricAggregation aggregation,
        Duration bucketWidth, List<Instant> buckets, List<Series> series, int omittedGroups) {

    public MetricSeries {
        buckets = List.copyOf(buckets);
        series = List.copyOf(series);
    }

    /**
     * @param key     the group's values, in the order of the query's group-by keys ("" where a
     *                point lacked the attribute)
     * @param measure what the points are: the aggregation's label, or for quantiles {@code p50},
     *                {@code p99.9} and the like
     * @param points  one per bucket, null where the bucket had no data
     */
    public record Series(List<String> key, String measure, List<Double> points) {

        public Series {
            key = List.copyOf(key);
            // null marks a bucket without data; List.copyOf refuses nulls.
            points = Collections.unmodifiableList(new ArrayList<>(points));
        }
    }
}
