package dev.tracehound.analytics.query;

import java.util.Optional;

/**
 * What a sum's or a histogram's data point counted, as far as metric arithmetic goes: points
 * of one series can be subtracted (what a cumulative point added since the one before) and
 * points of a bucket added up.
 */
sealed interface Counted permits Counted.Value, ExplicitBuckets, ExponentialBuckets {

    /**
     * What this cumulative point added since {@code earlier}, a point of the same series; empty
     * when something went down, which means the series restarted from zero (a reset) and this
     * point's own count is what it added.
     */
    Optional<Counted> since(Counted earlier);

    /** Both together, as if one series had counted them. */
    Counted plus(Counted other);

    /** A histogram's observations; a sum's value. */
    double total();

    /** The sum of a histogram's observed values; NaN when unknown (a sum has none). */
    double sum();

    /** The value below which the share {@code q} of the observations fell; NaN without observations. */
    double quantile(double q);

    /** A sum's value: what a counter counted, or what a delta point added. */
    record Value(double value) implements Counted {

        @Override
        public Optional<Counted> since(Counted earlier) {
            double before = ((Value) earlier).value;
            return value >= before ? Optional.of(new Value(value - before)) : Optional.empty();
        }

        @Override
        public Counted plus(Counted other) {
            return new Value(value + ((Value) other).value);
        }

        @Override
        public double total() {
            return value;
        }

        @Override
        public double sum() {
            return Double.NaN;
        }

        @Override
        public double quantile(double q) {
            return Double.NaN;
        }
    }
}
