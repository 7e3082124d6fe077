package dev.tracehound.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The retention job: how often it runs and how long projects keep their telemetry.
 *
 * @param enabled      false: nothing is ever deleted for age
 * @param interval     the pause between the end of one run and the start of the next
 * @param initialDelay how long after start-up the first run waits (the demo data loads meanwhile)
 * @param maxDays      at most this many whole UTC days before today any project keeps, whatever its
 *                     plan says (0 keeps today's rows only); null: each workspace's plan decides
 */
@ConfigurationProperties("tracehound.retention")
record RetentionProperties(boolean enabled, Duration interval, Duration initialDelay, Integer maxDays) {

    RetentionProperties {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("tracehound.retention.interval must be positive, was " + interval);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("tracehound.retention.initial-delay must not be negative, was "
                    + initialDelay);
        }
        if (maxDays != null && maxDays < 0) {
            throw new IllegalArgumentException("tracehound.retention.max-days must be 0 or more, was " + maxDays);
        }
    }
}
