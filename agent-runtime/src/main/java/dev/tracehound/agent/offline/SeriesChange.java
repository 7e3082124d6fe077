package dev.tracehound.agent.offline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a service's latency or error rate stepped up in its time series, and by how much.
 * Latency is read as the log of each bucket's p99 (and p95, which is steadier in small buckets);
 * the step is where a two-sample t statistic between the buckets before and after is largest, and
 * its size is the ratio of the medians of both sides, so a few odd buckets move neither. Errors
 * are compared as pooled proportions. A step counts only when it is both large and far beyond
 * noise: the many splits tried would otherwise find one in any series.
 */
final class SeriesChange {

    /** A service's time series as the aggregate tool gave it; a bucket without spans has null percentiles. */
    record Series(List<Instant> buckets, long bucketSeconds, long[] count, long[] errors, Double[] p95, Double[] p99) {}

    /**
     * A step up. {@code at} is where the first bucket after it starts; the "before" and "after"
     * figures are medians of the buckets' percentiles (ms) and pooled error rates.
     */
    record Change(Instant at, boolean slower, boolean failing, String latencyMeasure, double latencyBefore,
            double latencyAfter, double p99Before, double p99After, double errorRateBefore, double errorRateAfter,
            long spansBefore, long spansAfter, double severity) {

        double latencyRatio() {
            return latencyBefore <= 0 ? 0 : latencyAfter / latencyBefore;
        }
    }

    static final double MIN_LATENCY_RATIO = 1.5;
    static final double MIN_LATENCY_T = 6;
    static final double MIN_ERROR_Z = 5;
    static final double MIN_ERROR_INCREASE = 0.003;
    /** Buckets with fewer spans than this say too little about a percentile. */
    static final int MIN_BUCKET_SPANS = 3;

    private SeriesChange() {}

    /** The largest step up of the series, if it has one that counts. */
    static Optional<Change> of(Series series) {
        var valid = new ArrayList<Integer>();
        int n = Math.min(series.count().length, Math.min(series.errors().length, series.p95().length));
        boolean p99Complete = true;
        for (int i = 0; i < n; i++) {
            if (series.count()[i] >= MIN_BUCKET_SPANS && series.p95()[i] != null) {
                valid.add(i);
                p99Complete &= i < series.p99().length && series.p99()[i] != null;
            }
        }
        int size = valid.size();
        int margin = Math.max(3, size / 12);
        if (size < 2 * margin) {
            return Optional.empty();
        }
        // A result cut to fit loses its p99s first (they come last); p95 alone still tells.
        Step p95 = bestLatencyStep(series.p95(), valid, margin);
        Step p99 = p99Complete ? bestLatencyStep(series.p99(), valid, margin) : NO_STEP;
        Step errors = bestErrorStep(series, valid, margin);

        Step latency = p95.statistic() > p99.statistic() ? p95 : p99;
        boolean slower = latency.statistic() >= MIN_LATENCY_T && latency.ratio() >= MIN_LATENCY_RATIO;
        boolean failing = errors.statistic() >= MIN_ERROR_Z && errors.after() >= errors.before() * 1.5
                && errors.after() - errors.before() >= MIN_ERROR_INCREASE;
        if (!slower && !failing) {
            return Optional.empty();
        }
        double latencySeverity = slower ? log2(latency.ratio()) : 0;
        double errorSeverity = failing ? log2((errors.after() + 0.002) / (errors.before() + 0.002)) : 0;
        int split = latencySeverity >= errorSeverity ? latency.split() : errors.split();
        String measure = latency == p95 ? "p95" : "p99";
        Double[] chosen = latency == p95 ? series.p95() : series.p99();
        long spansBefore = 0;
        long spansAfter = 0;
        long errorsBefore = 0;
        long errorsAfter = 0;
        for (int k = 0; k < size; k++) {
            int i = valid.get(k);
            if (k < split) {
                spansBefore += series.count()[i];
                errorsBefore += series.errors()[i];
            } else {
                spansAfter += series.count()[i];
                errorsAfter += series.errors()[i];
            }
        }
        return Optional.of(new Change(series.buckets().get(valid.get(split)), slower, failing, measure,
                median(chosen, valid, 0, split), median(chosen, valid, split, size),
                p99Complete ? median(series.p99(), valid, 0, split) : Double.NaN,
                p99Complete ? median(series.p99(), valid, split, size) : Double.NaN,
                rate(errorsBefore, spansBefore), rate(errorsAfter, spansAfter), spansBefore, spansAfter,
                Math.max(latencySeverity, errorSeverity)));
    }

    /** The median of the bucket p99s over the whole series (ms), or NaN when it has none. */
    static double typicalP99(Series series) {
        var valid = new ArrayList<Integer>();
        for (int i = 0; i < series.p99().length && i < series.count().length; i++) {
            if (series.p99()[i] != null && series.count()[i] > 0) {
                valid.add(i);
            }
        }
        return valid.isEmpty() ? Double.NaN : median(series.p99(), valid, 0, valid.size());
    }

    private record Step(int split, double statistic, double before, double after, double ratio) {}

    private static final Step NO_STEP = new Step(0, Double.NEGATIVE_INFINITY, 0, 0, 0);

    private static Step bestLatencyStep(Double[] values, List<Integer> valid, int margin) {
        int size = valid.size();
        double[] logs = new double[size];
        for (int k = 0; k < size; k++) {
            logs[k] = Math.log(Math.max(values[valid.get(k)], 0.01));
        }
        double[] prefix = new double[size + 1];
        double[] squares = new double[size + 1];
        for (int k = 0; k < size; k++) {
            prefix[k + 1] = prefix[k] + logs[k];
            squares[k + 1] = squares[k] + logs[k] * logs[k];
        }
        Step best = new Step(margin, Double.NEGATIVE_INFINITY, 0, 0, 0);
        for (int split = margin; split <= size - margin; split++) {
            int nb = split;
            int na = size - split;
            double meanBefore = prefix[split] / nb;
            double meanAfter = (prefix[size] - prefix[split]) / na;
            double sse = (squares[split] - nb * meanBefore * meanBefore)
                    + (squares[size] - squares[split] - na * meanAfter * meanAfter);
            // A floor on the spread: a perfectly flat series must not make a tiny step look certain.
            double variance = Math.max(sse / Math.max(1, size - 2), 0.05 * 0.05);
            double t = (meanAfter - meanBefore) / Math.sqrt(variance * (1.0 / nb + 1.0 / na));
            if (t > best.statistic()) {
                double before = median(values, valid, 0, split);
                double after = median(values, valid, split, size);
                best = new Step(split, t, before, after, before <= 0 ? 0 : after / before);
            }
        }
        return best;
    }

    private static Step bestErrorStep(Series series, List<Integer> valid, int margin) {
        int size = valid.size();
        long[] spans = new long[size + 1];
        long[] errors = new long[size + 1];
        for (int k = 0; k < size; k++) {
            spans[k + 1] = spans[k] + series.count()[valid.get(k)];
            errors[k + 1] = errors[k] + series.errors()[valid.get(k)];
        }
        Step best = new Step(margin, Double.NEGATIVE_INFINITY, 0, 0, 0);
        for (int split = margin; split <= size - margin; split++) {
            long nb = spans[split];
            long na = spans[size] - spans[split];
            if (nb == 0 || na == 0) {
                continue;
            }
            double pb = (double) errors[split] / nb;
            double pa = (double) (errors[size] - errors[split]) / na;
            double pooled = (double) errors[size] / spans[size];
            double spread = Math.sqrt(Math.max(pooled * (1 - pooled), 1e-6) * (1.0 / nb + 1.0 / na));
            double z = (pa - pb) / spread;
            if (z > best.statistic()) {
                best = new Step(split, z, pb, pa, pb <= 0 ? 0 : pa / pb);
            }
        }
        return best;
    }

    private static double median(Double[] values, List<Integer> valid, int from, int to) {
        double[] slice = new double[to - from];
        for (int k = from; k < to; k++) {
            slice[k - from] = values[valid.get(k)];
        }
        if (slice.length == 0) {
            return 0;
        }
        Arrays.sort(slice);
        int middle = slice.length / 2;
        return slice.length % 2 == 1 ? slice[middle] : (slice[middle - 1] + slice[middle]) / 2;
    }

    private static double rate(long errors, long spans) {
        return spans == 0 ? 0 : (double) errors / spans;
    }

    private static double log2(double value) {
        return value <= 0 ? 0 : Math.log(value) / Math.log(2);
    }
}
