package dev.tracehound.demo;

/** A log-normal duration, described the way people talk about latency: by its median and its p99. */
record Latency(double medianMillis, double sigma) {

    private static final double Z_99 = 2.3263478740408408;

    static Latency of(double medianMillis, double p99Millis) {
        if (!(medianMillis > 0) || p99Millis < medianMillis) {
            throw new IllegalArgumentException("need 0 < median <= p99, got " + medianMillis + " and " + p99Millis);
        }
        return new Latency(medianMillis, StrictMath.log(p99Millis / medianMillis) / Z_99);
    }

    long sampleNanos(Rng rng) {
        return Math.max(1_000L, (long) (medianMillis * 1e6 * StrictMath.exp(sigma * rng.nextGaussian())));
    }
}
