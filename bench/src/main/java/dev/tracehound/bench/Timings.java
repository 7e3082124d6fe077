package dev.tracehound.bench;

import java.util.Arrays;

/** Nanosecond durations; percentiles in milliseconds. */
record Timings(long[] nanos) {
    double millis(int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1))]
                / 1e6;
    }

    double meanMillis() {
        return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
    }
}
