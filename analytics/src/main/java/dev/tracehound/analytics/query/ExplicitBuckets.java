package dev.tracehound.analytics.query;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An explicit-bucket histogram's counts: bucket i holds the values in
 * {@code (bounds[i-1], bounds[i]]}, the last one those above the last bound.
 *
 * @param sum NaN when the point did not say
 */
record ExplicitBuckets(double[] bounds, long[] counts, long count, double sum) implements Counted {

    @Override
    public Optional<Counted> since(Counted earlier) {
        var before = (ExplicitBuckets) earlier;
        if (!Arrays.equals(bounds, before.bounds) || count < before.count) {
            return Optional.empty();
        }
        long[] added = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            added[i] = counts[i] - before.counts[i];
            if (added[i] < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new ExplicitBuckets(bounds, added, count - before.count, sum - before.sum));
    }

    /**
     * Both histograms' counts; with different bounds, each count stays in a bucket ending at its
     * own upper bound, and the buckets are those of both bounds together.
     */
    @Override
    public Counted plus(Counted other) {
        var more = (ExplicitBuckets) other;
        if (Arrays.equals(bounds, more.bounds)) {
            long[] together = counts.clone();
            for (int i = 0; i < together.length; i++) {
                together[i] += more.counts[i];
            }
            return new ExplicitBuckets(bounds, together, count + more.count, sum + more.sum);
        }
        var byUpperBound = new TreeMap<Double, Long>();
        addTo(byUpperBound);
        more.addTo(byUpperBound);
        double[] mergedBounds = byUpperBound.keySet().stream().mapToDouble(Double::doubleValue)
                .filter(Double::isFinite).toArray();
        long[] mergedCounts = new long[mergedBounds.length + 1];
        int i = 0;
        for (long c : byUpperBound.values()) {
            mergedCounts[i++] = c;
        }
        return new ExplicitBuckets(mergedBounds, mergedCounts, count + more.count, sum + more.sum);
    }

    private void addTo(Map<Double, Long> byUpperBound) {
        for (int i = 0; i < counts.length; i++) {
            double upper = i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY;
            byUpperBound.merge(upper, counts[i], Long::sum);
        }
    }

    @Override
    public double total() {
        return count;
    }

    /**
     * Interpolated linearly within the bucket where the rank {@code q * count} falls. The first
     * bucket starts at 0 (or at its bound when that is not above 0); a rank in the last, open
     * bucket gives the last bound, the most that is known.
     */
    @Override
    public double quantile(double q) {
        long observed = Arrays.stream(counts).sum();
        if (observed == 0 || bounds.length == 0) {
            return Double.NaN;
        }
        double rank = q * observed;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                if (i == bounds.length) {
                    return bounds[bounds.length - 1];
                }
                double upper = bounds[i];
                double lower = i > 0 ? bounds[i - 1] : Math.min(0, upper);
                return lower + (upper - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return bounds[bounds.length - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExplicitBuckets that && count == that.count && Arrays.equals(bounds, that.bounds)
                && Arrays.equals(counts, that.counts) && Double.compare(sum, that.sum) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bounds) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ExplicitBuckets" + Arrays.toString(bounds) + Arrays.toString(counts);
    }
}
