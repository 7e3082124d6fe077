package dev.tracehound.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The usage roll-up: how often today's and yesterday's stored rows are counted into the ledger.
 *
 * @param enabled      false: no scheduled roll-up (retention still counts the days it deletes first)
 * @param interval     the pause between the end of one run and the start of the next
 * @param initialDelay how long after start-up the first run (the catch-up) waits
 */
@ConfigurationProperties("tracehound.usage")
record UsageProperties(boolean enabled, Duration interval, Duration initialDelay) {

    UsageProperties {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("tracehound.usage.interval must be positive, was " + interval);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("tracehound.usage.initial-delay must not be negative, was " + initialDelay);
        }
    }
}
