package dev.tracehound.analytics.query;

import java.util.Arrays;
import java.util.Optional;

/**
 * An exponential histogram's counts. Boundaries are powers of base = 2^(2^-scale): the
 * positive bucket of index i (offset plus position) counts the values in
 * {@code (base^i, base^(i+1)]}, the negative ones the same for the absolute values of negative
 * values, and {@code zeroCount} the values near zero. Histograms of different scales are
 * compared and added at the coarser one, where bucket i of scale s falls in bucket
 * {@code i >> (s - s')} of scale s'.
 *
 * @param sum NaN when the point did not say
 */
record ExponentialBuckets(int scale, long zeroCount, Side positive, Side negative, double sum) implements Counted {

    /** The buckets of one sign: counts[k] is the bucket of index offset + k. */
    record Side(int offset, long[] counts) {

        static final Side EMPTY = new Side(0, new long[0]);

        long total() {
            return Arrays.stream(counts).sum();
        }

        Side atScale(int from, int to) {
            if (from == to || counts.length == 0) {
                return this;
            }
            int shift = from - to;
            int first = offset >> shift;
            int last = (offset + counts.length - 1) >> shift;
            long[] coarse = new long[last - first + 1];
            for (int k = 0; k < counts.length; k++) {
                coarse[((offset + k) >> shift) - first] += counts[k];
            }
            return new Side(first, coarse);
        }

        /** Both sides' counts, index by index; {@code sign} -1 subtracts, and empty means some count went down. */
        Optional<Side> combine(Side other, int sign) {
            if (counts.length == 0 && other.counts.length == 0) {
                return Optional.of(EMPTY);
            }
            int first = counts.length == 0 ? other.offset
                    : other.counts.length == 0 ? offset : Math.min(offset, other.offset);
            int end = Math.max(offset + counts.length, other.offset + other.counts.length);
            long[] out = new long[end - first];
            for (int k = 0; k < counts.length; k++) {
                out[offset + k - first] += counts[k];
            }
            for (int k = 0; k < other.counts.length; k++) {
                out[other.offset + k - first] += sign * other.counts[k];
            }
            for (long c : out) {
                if (c < 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Side(first, out));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Side that && offset == that.offset && Arrays.equals(counts, that.counts);
        }

        @Override
        public int hashCode() {
            return 31 * offset + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return offset + Arrays.toString(counts);
        }
    }

    @Override
    public Optional<Counted> since(Counted earlier) {
        var before = (ExponentialBuckets) earlier;
        int common = Math.min(scale, before.scale);
        if (zeroCount < before.zeroCount) {
            return Optional.empty();
        }
        Optional<Side> pos = positive.atScale(scale, common).combine(before.positive.atScale(before.scale, common), -1);
        Optional<Side> neg = negative.atScale(scale, common).combine(before.negative.atScale(before.scale, common), -1);
        if (pos.isEmpty() || neg.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ExponentialBuckets(common, zeroCount - before.zeroCount, pos.get(), neg.get(),
                sum - before.sum));
    }

    @Override
    public Counted plus(Counted other) {
        var more = (ExponentialBuckets) other;
        int common = Math.min(scale, more.scale);
        return new ExponentialBuckets(common, zeroCount + more.zeroCount,
                positive.atScale(scale, common).combine(more.positive.atScale(more.scale, common), 1).orElseThrow(),
                negative.atScale(scale, common).combine(more.negative.atScale(more.scale, common), 1).orElseThrow(),
                sum + more.sum);
    }

    @Override
    public double total() {
        return zeroCount + positive.total() + negative.total();
    }

    /**
     * Interpolated linearly within the bucket where the rank {@code q * count} falls, going up
     * from the most negative bucket through the zero bucket (which gives 0) to the positive ones.
     */
    @Override
    public double quantile(double q) {
        double observed = total();
        if (observed == 0) {
            return Double.NaN;
        }
        double rank = q * observed;
        double below = 0;
        for (int k = negative.counts.length - 1; k >= 0; k--) {
            long c = negative.counts[k];
            if (c > 0 && below + c >= rank) {
                int index = negative.offset + k;
                double low = -boundary(index + 1);
                return low + (boundary(index + 1) - boundary(index)) * (rank - below) / c;
            }
            below += c;
        }
        if (zeroCount > 0 && below + zeroCount >= rank) {
            return 0;
        }
        below += zeroCount;
        for (int k = 0; k < positive.counts.length; k++) {
            long c = positive.counts[k];
            if (c > 0 && below + c >= rank) {
                int index = positive.offset + k;
                double low = boundary(index);
                return low + (boundary(index + 1) - low) * (rank - below) / c;
            }
            below += c;
        }
        return positive.counts.length > 0 ? boundary(positive.offset + positive.counts.length) : 0;
    }

    /** base^index = 2^(index * 2^-scale). */
    private double boundary(int index) {
        return Math.pow(2, Math.scalb((double) index, -scale));
    }
}
