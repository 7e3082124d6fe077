package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedQuotaGateTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void cachesVerdictsForTheirTimeToLive() {
        var calls = new AtomicInteger();
        QuotaGate platform = (project, signal) -> {
            calls.incrementAndGet();
            return QuotaGate.Verdict.overQuota("monthly span quota of 10M used up");
        };
        try (var gate = new CachedQuotaGate(platform, Duration.ofSeconds(30), Duration.ofSeconds(1), now::get)) {
            assertThat(gate.check("p", QuotaGate.Signal.TRACES).reason()).isEqualTo("monthly span quota of 10M used up");
            gate.check("p", QuotaGate.Signal.TRACES);
            assertThat(calls).hasValue(1);

            now.addAndGet(Duration.ofSeconds(31).toNanos());
            gate.check("p", QuotaGate.Signal.TRACES);
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void aVerdictIsKeptPerSignalSoSpansOverTheirLimitDoNotStopLogs() {
        QuotaGate platform = (project, signal) -> signal == QuotaGate.Signal.TRACES
                ? QuotaGate.Verdict.overQuota("spans used up") : QuotaGate.Verdict.allowedOver("over; meter=log_records");
        try (var gate = new CachedQuotaGate(platform, Duration.ofSeconds(30), Duration.ofSeconds(1), now::get)) {
            assertThat(gate.check("p", QuotaGate.Signal.TRACES).allowed()).isFalse();
            var logs = gate.check("p", QuotaGate.Signal.LOGS);
            assertThat(logs.allowed()).isTrue();
            assertThat(logs.notice()).isEqualTo("over; meter=log_records");
        }
    }

    @Test
    void aSlowOrFailingCheckFailsOpenAndIsCounted() {
        QuotaGate slow = (project, signal) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return QuotaGate.Verdict.overQuota("never seen");
        };
        QuotaGate broken = (project, signal) -> {
            throw new IllegalStateException("billing database down");
        };
        try (var slowGate = new CachedQuotaGate(slow, Duration.ofSeconds(30), Duration.ofMillis(100), now::get);
                var brokenGate = new CachedQuotaGate(broken, Duration.ofSeconds(30), Duration.ofMillis(100), now::get)) {
            long started = System.nanoTime();

            assertThat(slowGate.check("p", QuotaGate.Signal.TRACES).allowed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(brokenGate.check("p", QuotaGate.Signal.TRACES).allowed()).isTrue();
            assertThat(slowGate.failedOpen()).isEqualTo(1);
            assertThat(brokenGate.failedOpen()).isEqualTo(1);
        }
    }
}
