package dev.tracehound.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The retention job: how often it runs and how long projects keep their telemetry.
 *
 * @param enabled      false: nothing is ever deleted for age
 * @param interval     the pause between the end of one run and the start of the next
 * @param initialDelay how long after start-up the first run waits (the demo data loads meanwhile)
 * @param defaultDays  how many whole UTC days before today every project keeps, until plans decide
 *                     (0 keeps today's rows only)
 */
@ConfigurationProperties("tracehound.retention")
record RetentionProperties(boolean enabled, Duration interval, Duration initialDelay, int defaultDays) {

    RetentionProperties {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("tracehound.retention.interval must be positive, was " + interval);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("tracehound.retention.initial-delay must not be negative, was "
                    + initialDelay);
        }
        if (defaultDays < 0) {
            throw new IllegalArgumentException("tracehound.retention.default-days must be 0 or more, was " + defaultDays);
        }
    }
}
