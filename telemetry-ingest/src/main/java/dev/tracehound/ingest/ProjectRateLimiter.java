package dev.tracehound.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A token bucket per project, counted in records (spans, log records, data points): it
 * refills at the project's {@code recordsPerSecond} up to {@code recordsPerSecond * burstSeconds}.
 * A request bigger than the whole bucket is let through when the bucket is full, leaving it
 * in debt, so no request is refused forever.
 *
 * <p>A project's rate is its override, if it has one, else the default. Overrides are looked up
 * on every request, so the lookup must be cheap and must not throw (cache it); a bucket whose
 * project's rate changed keeps its tokens, capped at the new size, and refills at the new rate.
 */
public final class ProjectRateLimiter {

    /** The answer for one request: allowed, or how long until it would be. */
    record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOW = new Decision(true, Duration.ZERO);
    }

    /** Records per second, infinite for no limit, and how many seconds of it may come at once. */
    public record Rate(double recordsPerSecond, double burstSeconds) {

        static final Rate UNLIMITED = new Rate(Double.POSITIVE_INFINITY, 1);

        public Rate {
            if (!(recordsPerSecond > 0) || !(burstSeconds > 0)) {
                throw new IllegalArgumentException("rate and burst must be positive; were " + recordsPerSecond
                        + " records/s and " + burstSeconds + " s");
            }
        }

        double capacity() {
            return recordsPerSecond * burstSeconds;
        }

        boolean unlimited() {
            return Double.isInfinite(recordsPerSecond);
        }
    }

    private final Rate defaultRate;
    private final Function<String, Optional<Rate>> overrides;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** No limit: every request is allowed. */
    static ProjectRateLimiter unlimited() {
        return new ProjectRateLimiter(Rate.UNLIMITED, projectId -> Optional.empty());
    }

    /** The same rate for every project. */
    ProjectRateLimiter(double recordsPerSecond, double burstSeconds) {
        this(new Rate(recordsPerSecond, burstSeconds), projectId -> Optional.empty());
    }

    /**
     * @param overrides a project's own rate, or empty for {@code defaultRate}; called on every
     *                  request, so it must answer from memory and must not throw
     */
    public ProjectRateLimiter(Rate defaultRate, Function<String, Optional<Rate>> overrides) {
        this(defaultRate, overrides, System::nanoTime);
    }

    ProjectRateLimiter(double recordsPerSecond, double burstSeconds, LongSupplier nanoTime) {
        this(new Rate(recordsPerSecond, burstSeconds), projectId -> Optional.empty(), nanoTime);
    }

    ProjectRateLimiter(Rate defaultRate, Function<String, Optional<Rate>> overrides, LongSupplier nanoTime) {
        this.defaultRate = Objects.requireNonNull(defaultRate, "defaultRate");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.nanoTime = nanoTime;
    }

    /** The rate the project is held to now: its override, else the default. */
    Rate rateOf(String projectId) {
        return overrides.apply(projectId).orElse(defaultRate);
    }

    /** The project's rate in words, for the message of a refused request. */
    String describe(String projectId) {
        Rate rate = rateOf(projectId);
        if (rate.unlimited()) {
            return "no limit";
        }
        return String.format(Locale.ROOT, "%,.0f records/s (bursts of %,.0f)", rate.recordsPerSecond(),
                rate.capacity());
    }

    Decision tryAcquire(String projectId, long records) {
        if (records <= 0) {
            return Decision.ALLOW;
        }
        Rate rate = rateOf(projectId);
        if (rate.unlimited()) {
            return Decision.ALLOW;
        }
        return buckets.computeIfAbsent(projectId, id -> new Bucket(rate, nanoTime.getAsLong())).take(rate, records);
    }

    private final class Bucket {
        private Rate rate;
        private double tokens;
        private long refilledAt;

        Bucket(Rate rate, long now) {
            this.rate = rate;
            this.tokens = rate.capacity();
            this.refilledAt = now;
        }

        synchronized Decision take(Rate current, long records) {
            long now = nanoTime.getAsLong();
            // Time so far refills at the rate that held during it; debt carries over a change.
            tokens = Math.min(rate.capacity(), tokens + (now - refilledAt) / 1e9 * rate.recordsPerSecond());
            refilledAt = now;
            if (!current.equals(rate)) {
                rate = current;
                tokens = Math.min(rate.capacity(), tokens);
            }
            double capacity = rate.capacity();
            if (tokens >= records || tokens >= capacity) {
                tokens -= records;
                return Decision.ALLOW;
            }
            double missing = Math.min(records, capacity) - tokens;
            return new Decision(false, Duration.ofMillis((long) Math.ceil(missing / rate.recordsPerSecond() * 1000)));
        }
    }
}
