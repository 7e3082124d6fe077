package dev.tracehound.demo;

/**
 * The shop's daily traffic shape: busiest mid-afternoon UTC, quietest at night (a quarter of the
 * peak), with a slow seeded wobble so that no two days look machine-made.
 */
final class DiurnalCurve {

    static final double PEAK_HOUR_UTC = 15.0;
    static final double TROUGH_SHARE_OF_PEAK = 0.25;
    private static final double[] WOBBLE_AMPLITUDES = {0.05, 0.04, 0.03};
    private static final double[] WOBBLE_PERIOD_SECONDS = {53 * 60, 3.7 * 3600, 11 * 60};
    /** Upper bound of {@link #relativeRate}, used for thinning. */
    static final double MAX_RELATIVE_RATE = 1 + WOBBLE_AMPLITUDES[0] + WOBBLE_AMPLITUDES[1] + WOBBLE_AMPLITUDES[2];

    private static final double SECONDS_PER_DAY = 86_400;
    private final double[] wobblePhases = new double[WOBBLE_AMPLITUDES.length];

    DiurnalCurve(long seed) {
        Rng rng = new Rng(Rng.derive(seed, 0xD1A));
        for (int i = 0; i < wobblePhases.length; i++) {
            wobblePhases[i] = rng.between(0, 2 * Math.PI);
        }
    }

    /** The request rate at this instant relative to the daily peak (about 0.25 to 1). */
    double relativeRate(long epochNanos) {
        double seconds = epochNanos / 1e9;
        double hourOfDay = (seconds % SECONDS_PER_DAY) / 3600;
        double daily = 0.5 + 0.5 * StrictMath.cos(2 * Math.PI * (hourOfDay - PEAK_HOUR_UTC) / 24);
        double rate = TROUGH_SHARE_OF_PEAK + (1 - TROUGH_SHARE_OF_PEAK) * daily;
        double wobble = 1;
        for (int i = 0; i < wobblePhases.length; i++) {
            wobble += WOBBLE_AMPLITUDES[i] * StrictMath.sin(2 * Math.PI * seconds / WOBBLE_PERIOD_SECONDS[i] + wobblePhases[i]);
        }
        return rate * wobble;
    }

    /** The integral of {@link #relativeRate} over [from, to), in seconds. */
    double integralSeconds(long fromNanos, long toNanos) {
        long step = 60_000_000_000L;
        double sum = 0;
        for (long t = fromNanos; t < toNanos; t += step) {
            long width = Math.min(step, toNanos - t);
            sum += relativeRate(t + width / 2) * (width / 1e9);
        }
        return sum;
    }
}
