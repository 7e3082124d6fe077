package dev.tracehound.incidents.investigate;

import java.time.Duration;

/**
 * How investigations run ({@code tracehound.incidents.investigations.*}).
 *
 * @param concurrency investigations running at once per workspace, across every instance
 * @param timeout     how long one may run before it is cancelled and marked failed; also how long an
 *                    instance's claim on it lasts, after which another instance takes it over
 */
public record InvestigationSettings(int concurrency, Duration timeout) {

    public InvestigationSettings {
        if (concurrency < 1 || concurrency > 100) {
            throw new IllegalArgumentException(
                    "tracehound.incidents.investigations.concurrency must be 1-100, was " + concurrency);
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(10)) < 0 || timeout.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException(
                    "tracehound.incidents.investigations.timeout must be 10s to 2h, was " + timeout);
        }
    }

    /** 2 at once per workspace, 5 minutes each. */
    public static InvestigationSettings defaults() {
        return new InvestigationSettings(2, Duration.ofMinutes(5));
    }
}
