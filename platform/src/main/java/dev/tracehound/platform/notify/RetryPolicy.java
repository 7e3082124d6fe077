package dev.tracehound.platform.notify;

import java.time.Duration;

/**
 * How the outbox retries: the n-th failed attempt waits {@code firstDelay * 2^(n-1)}, at most {@code maxDelay};
 * after {@code maxAttempts} a row is failed. A channel whose last {@code failingAfter} attempted rows all
 * failed (or that had a row given up) is marked failing.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, int failingAfter) {

    /** 30 s, 1, 2, 4, 8, 16, 32 min (capped at 1 h); the eighth failed attempt, about an hour in, gives up. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(30), Duration.ofHours(1), 3);

    public RetryPolicy {
        if (maxAttempts < 1 || failingAfter < 1) {
            throw new IllegalArgumentException("maxAttempts and failingAfter must be at least 1");
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay <= maxDelay");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    Duration delayAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
