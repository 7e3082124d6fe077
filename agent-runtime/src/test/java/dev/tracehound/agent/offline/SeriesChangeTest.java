package dev.tracehound.agent.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SeriesChangeTest {

    private static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    private static SeriesChange.Series series(int buckets, IntToDoubleFunction p99, IntToDoubleFunction errorRate) {
        var starts = new ArrayList<Instant>();
        long[] count = new long[buckets];
        long[] errors = new long[buckets];
        Double[] p95 = new Double[buckets];
        Double[] p99s = new Double[buckets];
        for (int i = 0; i < buckets; i++) {
            starts.add(START.plusSeconds(60L * i));
            count[i] = 200;
            errors[i] = Math.round(200 * errorRate.applyAsDouble(i));
            p99s[i] = p99.applyAsDouble(i);
            p95[i] = p99s[i] * 0.7;
        }
        return new SeriesChange.Series(List.copyOf(starts), 60, count, errors, p95, p99s);
    }

    @Test
    void aLatencyStepIsFoundWhereItHappensWithItsSize() {
        Random noise = new Random(7);
        var change = SeriesChange.of(series(90, i -> (i < 60 ? 100 : 800) * (1 + 0.1 * noise.nextGaussian()),
                i -> 0.001)).orElseThrow();

        assertThat(change.at()).isEqualTo(START.plusSeconds(60 * 60));
        assertThat(change.slower()).isTrue();
        assertThat(change.failing()).isFalse();
        assertThat(change.latencyRatio()).isCloseTo(8, within(1.0));
    }

    @Test
    void anErrorStepAloneCountsToo() {
        var change = SeriesChange.of(series(60, i -> 100, i -> i < 20 ? 0.001 : 0.05)).orElseThrow();

        assertThat(change.failing()).isTrue();
        assertThat(change.slower()).isFalse();
        assertThat(change.at()).isEqualTo(START.plusSeconds(20 * 60));
        assertThat(change.errorRateAfter()).isCloseTo(0.05, within(0.001));
    }

    @Test
    void noiseARecoveryAndASingleSpikeAreNoChange() {
        Random noise = new Random(11);
        assertThat(SeriesChange.of(series(120, i -> 100 * Math.exp(0.3 * noise.nextGaussian()), i -> 0.002))).isEmpty();
        assertThat(SeriesChange.of(series(60, i -> i < 30 ? 900 : 100, i -> 0.002))).isEmpty();
        assertThat(SeriesChange.of(series(60, i -> i == 30 ? 5_000 : 100, i -> 0.002))).isEmpty();
    }

    @Test
    void tooFewBucketsSayNothing() {
        assertThat(SeriesChange.of(series(5, i -> i < 3 ? 100 : 900, i -> 0))).isEmpty();
    }
}
