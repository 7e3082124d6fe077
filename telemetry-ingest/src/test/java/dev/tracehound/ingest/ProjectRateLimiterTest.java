package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.ingest.ProjectRateLimiter.Rate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, Rate> overrides = new ConcurrentHashMap<>();
    private final ProjectRateLimiter withOverrides =
            new ProjectRateLimiter(new Rate(1_000, 2), project -> Optional.ofNullable(overrides.get(project)), now::get);

    @Test
    void aProjectWithAnOverrideHasItsOwnRateAndTheOthersTheDefault() {
        overrides.put("small", new Rate(10, 1));

        assertThat(withOverrides.tryAcquire("small", 10).allowed()).isTrue();
        var refused = withOverrides.tryAcquire("small", 5);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(withOverrides.tryAcquire("other", 2_000).allowed()).isTrue();
        assertThat(withOverrides.tryAcquire("other", 1).allowed()).isFalse();

        assertThat(withOverrides.describe("small")).isEqualTo("10 records/s (bursts of 10)");
        assertThat(withOverrides.describe("other")).isEqualTo("1,000 records/s (bursts of 2,000)");
    }

    @Test
    void aLoweredRateShrinksTheBucketAndRefillsAtTheNewRate() {
        assertThat(withOverrides.tryAcquire("p", 500).allowed()).as("1500 of 2000 left").isTrue();

        overrides.put("p", new Rate(100, 1));

        assertThat(withOverrides.tryAcquire("p", 100).allowed()).as("a bucket of 100, full").isTrue();
        var refused = withOverrides.tryAcquire("p", 50);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).as("at 100/s, not 1000/s").isEqualTo(Duration.ofMillis(500));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(withOverrides.tryAcquire("p", 50).allowed()).isTrue();
        assertThat(withOverrides.describe("p")).isEqualTo("100 records/s (bursts of 100)");
    }

    @Test
    void aRaisedRateRefillsFasterButGrantsNoFreshBurst() {
        overrides.put("p", new Rate(10, 1));
        assertThat(withOverrides.tryAcquire("p", 10).allowed()).isTrue();

        overrides.put("p", new Rate(1_000, 1));

        assertThat(withOverrides.tryAcquire("p", 1).allowed()).as("the empty bucket stays empty").isFalse();
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(withOverrides.tryAcquire("p", 100).allowed()).as("refilled at 1000/s").isTrue();
        assertThat(withOverrides.tryAcquire("p", 1).allowed()).isFalse();
    }

    @Test
    void aRemovedOverrideFallsBackToTheDefault() {
        overrides.put("p", new Rate(10, 1));
        assertThat(withOverrides.tryAcquire("p", 10).allowed()).isTrue();
        overrides.remove("p");

        assertThat(withOverrides.tryAcquire("p", 1).retryAfter()).as("at 1000/s").isEqualTo(Duration.ofMillis(1));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(withOverrides.tryAcquire("p", 2_000).allowed()).isTrue();
        assertThat(withOverrides.tryAcquire("p", 1).allowed()).isFalse();
    }

    @Test
    void anUnlimitedOverrideAllowsEverythingAndALimitedDefaultCanBeLifted() {
        overrides.put("free", Rate.UNLIMITED);

        for (int i = 0; i < 10; i++) {
            assertThat(withOverrides.tryAcquire("free", 1_000_000).allowed()).isTrue();
        }
        assertThat(withOverrides.describe("free")).isEqualTo("no limit");
        var unlimitedDefault = new ProjectRateLimiter(Rate.UNLIMITED,
                project -> Optional.ofNullable(overrides.get(project)), now::get);
        overrides.put("capped", new Rate(1, 1));
        assertThat(unlimitedDefault.tryAcquire("anyone", 1_000_000).allowed()).isTrue();
        assertThat(unlimitedDefault.tryAcquire("capped", 1).allowed()).isTrue();
        assertThat(unlimitedDefault.tryAcquire("capped", 1).allowed()).isFalse();
    }

    @Test
    void refusesRatesThatAreNotPositive() {
        assertThatThrownBy(() -> new Rate(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rate(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rate(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProjectRateLimiter(-5, 1)).hasMessageContaining("must be positive");
    }
}
