package dev.tracehound.ingest;

import java.time.Duration;

/**
 * What a project may send: its rate (records per second, with a burst) and its plan's
 * quota. A request over either is refused whole with 429 / RESOURCE_EXHAUSTED and a delay,
 * before anything of it is stored.
 */
public record IngestLimits(ProjectRateLimiter rate, QuotaGate quota, Duration overQuotaRetryAfter) {

    static final IngestLimits NONE =
            new IngestLimits(ProjectRateLimiter.unlimited(), QuotaGate.unlimited(), Duration.ofMinutes(1));

    /** Refuses a request, with how long the client should wait before trying again. */
    static final class Refused extends RuntimeException {
        private final Duration retryAfter;

        Refused(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** @return what to tell the client about its quota (the {@value QuotaGate#HEADER} header); empty: nothing */
    String admit(String projectId, QuotaGate.Signal signal, long records) {
        QuotaGate.Verdict verdict = quota.check(projectId, signal);
        if (!verdict.allowed()) {
            throw new Refused("project over quota: " + verdict.reason(), overQuotaRetryAfter);
        }
        ProjectRateLimiter.Decision decision = rate.tryAcquire(projectId, records);
        if (!decision.allowed()) {
            throw new Refused("project over its rate limit of " + rate.describe(projectId) + "; retry after "
                    + Math.max(1, decision.retryAfter().toMillis()) + " ms", decision.retryAfter());
        }
        return verdict.notice();
    }
}
