package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiurnalLoadTest {

    private static final Instant MIDNIGHT = Instant.parse("2025-03-10T00:00:00Z");

    @Test
    void trafficPeaksInTheAfternoonAndIsThreeTimesTheNightTrough() {
        Scenario scenario = new Scenario("9d4f2a6c-3e8b-4b1d-a7c5-0f2e9b6d4c18", MIDNIGHT, Duration.ofHours(24), 7,
                Load.targetSpans(300_000), List.of());
        long[] requestsPerHour = new long[24];
        long[] requestsPer10sInHour15 = new long[360];
        new DemoTelemetryGenerator(scenario).generate(Sinks.of(span -> {
            if (span.isRoot()) {
                long sinceMidnight = span.startTimeNanos() - MIDNIGHT.getEpochSecond() * 1_000_000_000L;
                int hour = (int) (sinceMidnight / 3_600_000_000_000L);
                requestsPerHour[hour]++;
                if (hour == 15) {
                    requestsPer10sInHour15[(int) (sinceMidnight / 10_000_000_000L) % 360]++;
                }
            }
        }, log -> { }));

        int busiest = argMax(requestsPerHour);
        int quietest = argMin(requestsPerHour);
        double ratio = (double) requestsPerHour[busiest] / requestsPerHour[quietest];
        System.out.printf("diurnal: busiest hour %02d:00 UTC (%d requests), quietest %02d:00 UTC (%d), ratio %.2f%n",
                busiest, requestsPerHour[busiest], quietest, requestsPerHour[quietest], ratio);

        assertThat(ratio).isGreaterThanOrEqualTo(2.5);
        assertThat(busiest).isBetween(12, 18);
        assertThat(quietest).isIn(0, 1, 2, 3, 4, 5, 6, 22, 23);
    }

    @Test
    void arrivalsAreRandomNotEvenlySpaced() {
        Scenario scenario = new Scenario("9d4f2a6c-3e8b-4b1d-a7c5-0f2e9b6d4c18", MIDNIGHT.plus(Duration.ofHours(15)),
                Duration.ofHours(1), 11, Load.peakRequestsPerSecond(1), List.of());
        long[] perTenSeconds = new long[360];
        long start = scenario.windowStart().getEpochSecond() * 1_000_000_000L;
        new DemoTelemetryGenerator(scenario).generate(Sinks.of(span -> {
            if (span.isRoot()) {
                perTenSeconds[(int) ((span.startTimeNanos() - start) / 10_000_000_000L)]++;
            }
        }, log -> { }));

        // For Poisson arrivals the variance of counts per interval equals their mean.
        double mean = java.util.Arrays.stream(perTenSeconds).average().orElseThrow();
        double variance = java.util.Arrays.stream(perTenSeconds).mapToDouble(n -> (n - mean) * (n - mean)).sum()
                / (perTenSeconds.length - 1);
        System.out.printf("diurnal: per 10 s at the peak mean %.2f, variance/mean %.2f%n", mean, variance / mean);

        assertThat(mean).isBetween(8.0, 12.0);
        assertThat(variance / mean).isBetween(0.7, 1.4);
    }

    private static int argMax(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMin(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }
}
