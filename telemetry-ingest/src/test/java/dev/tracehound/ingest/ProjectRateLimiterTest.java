package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProjectRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final ProjectRateLimiter limiter = new ProjectRateLimiter(1_000, 2, now::get);

    @Test
    void allowsABurstThenRefillsAtTheRate() {
        assertThat(limiter.tryAcquire("p", 2_000).allowed()).isTrue();
        var refused = limiter.tryAcquire("p", 500);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(500).toNanos());

        assertThat(limiter.tryAcquire("p", 500).allowed()).isTrue();
        assertThat(limiter.tryAcquire("p", 1).allowed()).isFalse();
    }

    @Test
    void projectsHaveTheirOwnBuckets() {
        assertThat(limiter.tryAcquire("a", 2_000).allowed()).isTrue();

        assertThat(limiter.tryAcquire("b", 2_000).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 1).allowed()).isFalse();
    }

    @Test
    void aRequestBiggerThanTheBucketPassesWhenItIsFullAndLeavesDebt() {
        assertThat(limiter.tryAcquire("p", 5_000).allowed()).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(limiter.tryAcquire("p", 1).allowed()).as("still 1000 records in debt").isFalse();

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(limiter.tryAcquire("p", 1).allowed()).isTrue();
    }
}
