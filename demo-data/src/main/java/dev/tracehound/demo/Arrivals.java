package dev.tracehound.demo;

/** Request arrival times: a Poisson process whose rate follows the diurnal curve (by thinning). */
final class Arrivals {

    private final DiurnalCurve curve;
    private final double boundingRatePerNano;
    private final long end;
    private final Rng rng;
    private long cursor;

    Arrivals(DiurnalCurve curve, double peakRequestsPerSecond, long start, long end, Rng rng) {
        this.curve = curve;
        this.boundingRatePerNano = peakRequestsPerSecond * DiurnalCurve.MAX_RELATIVE_RATE / 1e9;
        this.end = end;
        this.rng = rng;
        this.cursor = start;
    }

    /** The next arrival, or {@link Long#MAX_VALUE} once the window is over. */
    long next() {
        while (true) {
            cursor += (long) Math.ceil(rng.nextExponential(boundingRatePerNano));
            if (cursor >= end || cursor < 0) {
                cursor = end;
                return Long.MAX_VALUE;
            }
            if (rng.nextDouble() * DiurnalCurve.MAX_RELATIVE_RATE < curve.relativeRate(cursor)) {
                return cursor;
            }
        }
    }
}
