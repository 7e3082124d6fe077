package dev.tracehound.platform.usage;

import java.time.Duration;
import java.time.Instant;

/** Where a meter ends the period at the pace so far: linear in time. */
final class Forecast {

    /** Less than this elapsed counts as this much, so a period's first hour does not extrapolate wildly. */
    static final Duration MIN_ELAPSED = Duration.ofDays(1);

    private Forecast() {}

    static long linear(long quantity, Instant start, Instant end, Instant now) {
        if (!now.isBefore(end)) {
            return quantity;
        }
        long periodSeconds = Duration.between(start, end).toSeconds();
        long elapsedSeconds = Math.max(Duration.between(start, now).toSeconds(), MIN_ELAPSED.toSeconds());
        if (elapsedSeconds >= periodSeconds) {
            return quantity;
        }
        return Math.round((double) quantity * periodSeconds / elapsedSeconds);
    }
}
