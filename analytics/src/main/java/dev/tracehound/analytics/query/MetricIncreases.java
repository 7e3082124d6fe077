package dev.tracehound.analytics.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What sums and histograms counted in each time bucket, per group, from their data points.
 * A delta point counts what it holds. A cumulative point counts what it added since the point
 * before it in its series; when something went down, or the series' start time moved past
 * the point before, the series restarted (a reset) and the point counts whole, from zero. The
 * first point of a series counts whole only when the series started within the points read
 * (its start time is at or after {@code readFrom}); otherwise what it added is unknown and it
 * only starts the chain. What a point counts goes to the bucket its time falls in.
 */
final class MetricIncreases {

    private MetricIncreases() {}

    /** One data point, as read: its series' identity, its group's key and what it counted. */
    record Point(String series, List<String> key, boolean delta, long startNanos, long timeNanos, Counted counted) {}

    /**
     * Buckets {@code widthNanos} wide, the first of index {@code firstBucket} ((time - shift) / width):
     * aligned to the epoch, or with a shift to a window's start.
     */
    record Grid(long firstBucket, int buckets, long widthNanos, long shiftNanos) {

        Grid(long firstBucket, int buckets, long widthNanos) {
            this(firstBucket, buckets, widthNanos, 0);
        }

        /** The bucket a time falls in; -1 outside the grid. */
        int index(long timeNanos) {
            long i = Math.floorDiv(timeNanos - shiftNanos, widthNanos) - firstBucket;
            return i < 0 || i >= buckets ? -1 : (int) i;
        }

        /** The start of each bucket. */
        List<Instant> starts() {
            return AggregateQueries.starts(firstBucket, buckets, widthNanos).stream()
                    .map(start -> start.plusNanos(shiftNanos)).toList();
        }
    }

    /**
     * Per group (in the order first seen), what was counted in each bucket (null where nothing
     * was); {@code points} ordered by series, then time.
     */
    static Map<List<String>, Counted[]> perBucket(List<Point> points, long readFrom, Grid grid) {
        var groups = new LinkedHashMap<List<String>, Counted[]>();
        Point previous = null;
        for (Point point : points) {
            if (previous != null && !previous.series().equals(point.series())) {
                previous = null;
            }
            Counted added = added(point, previous, readFrom);
            previous = point;
            int bucket = grid.index(point.timeNanos());
            if (added == null || bucket < 0) {
                continue;
            }
            Counted[] buckets = groups.computeIfAbsent(point.key(), k -> new Counted[grid.buckets()]);
            buckets[bucket] = buckets[bucket] == null ? added : buckets[bucket].plus(added);
        }
        return groups;
    }

    private static Counted added(Point point, Point previous, long readFrom) {
        if (point.delta()) {
            return point.counted();
        }
        if (previous == null) {
            boolean startedWithinRead = point.startNanos() > 0 && point.startNanos() >= readFrom
                    && point.startNanos() < point.timeNanos();
            return startedWithinRead ? point.counted() : null;
        }
        if (point.startNanos() != previous.startNanos() && point.startNanos() >= previous.timeNanos()) {
            return point.counted();
        }
        return point.counted().since(previous.counted()).orElse(point.counted());
    }
}
