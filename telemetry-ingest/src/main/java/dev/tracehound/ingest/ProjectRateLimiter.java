package dev.tracehound.ingest;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per project, counted in records (spans, log records, data points): it
 * refills at {@code recordsPerSecond} up to {@code recordsPerSecond * burstSeconds}. A
 * request bigger than the whole bucket is let through when the bucket is full, leaving it
 * in debt, so no request is refused forever.
 */
public final class ProjectRateLimiter {

    /** The answer for one request: allowed, or how long until it would be. */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOW = new Decision(true, Duration.ZERO);
    }

    private final double recordsPerSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** No limit: every request is allowed. */
    public static ProjectRateLimiter unlimited() {
        return new ProjectRateLimiter(Double.POSITIVE_INFINITY, 1);
    }

    public ProjectRateLimiter(double recordsPerSecond, double burstSeconds) {
        this(recordsPerSecond, burstSeconds, System::nanoTime);
    }

    ProjectRateLimiter(double recordsPerSecond, double burstSeconds, LongSupplier nanoTime) {
        if (!(recordsPerSecond > 0) || !(burstSeconds > 0)) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.recordsPerSecond = recordsPerSecond;
        this.capacity = recordsPerSecond * burstSeconds;
        this.nanoTime = nanoTime;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "%,.0f records/s (bursts of %,.0f)", recordsPerSecond, capacity);
    }

    public Decision tryAcquire(String projectId, long records) {
        if (records <= 0 || Double.isInfinite(recordsPerSecond)) {
            return Decision.ALLOW;
        }
        return buckets.computeIfAbsent(projectId, id -> new Bucket(capacity, nanoTime.getAsLong())).take(records);
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Decision take(long records) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * recordsPerSecond);
            refilledAt = now;
            if (tokens >= records || tokens >= capacity) {
                tokens -= records;
                return Decision.ALLOW;
            }
            double missing = Math.min(records, capacity) - tokens;
            return new Decision(false, Duration.ofMillis((long) Math.ceil(missing / recordsPerSecond * 1000)));
        }
    }
}
