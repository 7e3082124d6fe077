package dev.tracehound.incidents.detect;

import java.util.Arrays;

/**
 * The median of some values and their spread around it, the median absolute deviation scaled by
 * 1.4826 so that it estimates the standard deviation of normally distributed values. Neither moves
 * much when a few values are extreme, as an incident's are.
 */
record RobustStats(int count, double median, double mad) {

    static final double NORMAL_CONSISTENCY = 1.4826;

    static RobustStats of(double[] values) {
        if (values.length == 0) {
            return new RobustStats(0, Double.NaN, Double.NaN);
        }
        double median = median(values.clone());
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return new RobustStats(values.length, median, NORMAL_CONSISTENCY * median(deviations));
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
