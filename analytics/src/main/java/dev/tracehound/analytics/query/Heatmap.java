package dev.tracehound.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How many spans fell in each cell of time × duration. Columns are time buckets as in a
 * {@link TimeSeries}; rows are duration ranges doubling in width: row 0 holds durations
 * under 1024 ns, row r ≥ 1 those in {@code [2^(9+r), 2^(10+r))} ns. Rows run from row 0 to
 * the one holding the longest span (none when no span was selected).
 *
 * @param columns             where each column starts
 * @param durationBoundsNanos the rows' bounds, one more than there are rows: row r holds
 *                            durations in {@code [bounds[r], bounds[r+1])}
 * @param counts              spans per cell, {@code counts.get(column).get(row)}
 */
public record Heatmap(Duration bucketWidth, List<Instant> columns, List<Long> durationBoundsNanos,
        List<List<Long>> counts) {

    public Heatmap {
        columns = List.copyOf(columns);
        durationBoundsNanos = List.copyOf(durationBoundsNanos);
        counts = counts.stream().map(List::copyOf).toList();
    }

    public int rows() {
        return Math.max(0, durationBoundsNanos.size() - 1);
    }

    /**
     * The spans of a region of this heatmap, columns {@code firstColumn..lastColumn} and rows
     * {@code firstRow..lastRow} (inclusive), as a filter: {@code filter} (the one the heatmap
     * was made of) narrowed to the region's time range and durations, e.g. the selection for
     * BubbleUp.
     *
     * @throws IllegalArgumentException when the region is not in the heatmap
     */
    SpanFilter region(SpanFilter filter, int firstColumn, int lastColumn, int firstRow, int lastRow) {
        if (firstColumn < 0 || lastColumn >= columns.size() || firstColumn > lastColumn) {
            throw new InvalidQueryException("columns " + firstColumn + ".." + lastColumn
                    + " are not a range of the heatmap's " + columns.size() + " columns (0.." + (columns.size() - 1) + ")");
        }
        if (firstRow < 0 || lastRow >= rows() || firstRow > lastRow) {
            throw new InvalidQueryException("rows " + firstRow + ".." + lastRow
                    + " are not a range of the heatmap's " + rows() + " rows (0.." + (rows() - 1) + ")");
        }
        Instant from = later(filter.from(), columns.get(firstColumn));
        Instant to = earlier(filter.to(), columns.get(lastColumn).plus(bucketWidth));
        long min = Math.max(durationBoundsNanos.get(firstRow), filter.minDuration().map(Duration::toNanos).orElse(0L));
        long max = Math.min(durationBoundsNanos.get(lastRow + 1) - 1,
                filter.maxDuration().map(Duration::toNanos).orElse(Long.MAX_VALUE));
        if (!from.isBefore(to) || min > max) {
            throw new InvalidQueryException("the region lies outside the filter's window or durations");
        }
        return filter.withWindow(from, to).withDurations(
                min == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(min)), Optional.of(Duration.ofNanos(max)));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
