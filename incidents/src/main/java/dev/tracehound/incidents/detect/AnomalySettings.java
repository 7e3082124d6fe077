package dev.tracehound.incidents.detect;

import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * The anomaly detectors every project has, without configuration: each service's error rate and
 * p99 latency over the last {@code window} against its own per-window values over the
 * {@code baseline} before it, and error types it has not had in that time.
 *
 * @param window          the time each evaluation measures, 1 min to 1 h
 * @param interval        how often a project is evaluated
 * @param baseline        how much history a service is compared with, 12 windows to 7 days
 * @param minVolume       the fewest spans of a service in a window (and in a baseline window) to judge it
 * @param investigateFrom anomalies of this severity or above are investigated
 */
public record AnomalySettings(boolean enabled, Duration window, Duration interval, Duration baseline, long minVolume,
        Severity investigateFrom) {

    public AnomalySettings {
        requireBetween("window", window, Duration.ofMinutes(1), Duration.ofHours(1));
        requireBetween("interval", interval, Duration.ofSeconds(10), Duration.ofHours(1));
        Objects.requireNonNull(baseline, "baseline");
        requireBetween("baseline", baseline, window.multipliedBy(12), Duration.ofDays(7));
        if (minVolume < 1) {
            throw new IllegalArgumentException("anomalies' min volume must be at least 1 request, was " + minVolume);
        }
        Objects.requireNonNull(investigateFrom, "investigateFrom");
    }

    /** On; 10 min windows evaluated every minute against the last 24 h; 50 spans; investigated from medium. */
    public static AnomalySettings defaults() {
        return new AnomalySettings(true, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(24), 50,
                Severity.MEDIUM);
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("tracehound.incidents.anomalies." + name + " must be " + min + " to "
                    + max + ", was " + value);
        }
    }
}
