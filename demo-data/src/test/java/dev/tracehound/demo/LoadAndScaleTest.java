package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadAndScaleTest {

    private static final String PROJECT = "5a1e7c3b-8d2f-4a6e-9b0c-1d7f3e5a9c42";
    private static final Instant WINDOW_END = Instant.parse("2025-03-10T21:30:00Z");

    @Test
    void aTargetOfOneThousandSpansGivesAboutOneThousand() {
        Scenario scenario = Scenario.demo(PROJECT, WINDOW_END).withLoad(Load.targetSpans(1_000));

        GenerationSummary summary = new DemoTelemetryGenerator(scenario).generate(Sinks.of(span -> { }, log -> { }));

        System.out.printf("scale: target 1000 spans -> %d spans in %d traces, %d logs%n", summary.spans(), summary.traces(),
                summary.logs());
        assertThat(summary.spans()).isBetween(700L, 1_300L);
    }

    @Test
    void aPeakRequestRateIsHonoured() {
        Instant peakStart = Instant.parse("2025-03-10T14:00:00Z");
        Scenario scenario = new Scenario(PROJECT, peakStart, Duration.ofHours(2), 3, Load.peakRequestsPerSecond(3), List.of());

        GenerationSummary summary = new DemoTelemetryGenerator(scenario).generate(Sinks.of(span -> { }, log -> { }));

        // Around 15:00 UTC the curve is near its peak; the seeded wobble moves it by up to 12%.
        assertThat(summary.traces()).isBetween((long) (0.8 * 3 * 7200), (long) (1.15 * 3 * 7200));
        assertThat(summary.peakRequestsPerSecond()).isEqualTo(3.0);
    }

    @Test
    void twoMillionSpansStreamInTimeOrderWithoutGrowingTheHeap() {
        Scenario scenario = Scenario.demo(PROJECT, WINDOW_END).withLoad(Load.targetSpans(2_000_000));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] spans = {0};
        long[] logs = {0};
        long[] previousRootStart = {0};
        long[] outOfOrder = {0};
        long[] heapAfterGc = new long[2];

        long started = System.nanoTime();
        GenerationSummary summary = new DemoTelemetryGenerator(scenario).generate(Sinks.of(span -> {
            spans[0]++;
            if (span.isRoot()) {
                if (span.startTimeNanos() < previousRootStart[0]) {
                    outOfOrder[0]++;
                }
                previousRootStart[0] = span.startTimeNanos();
            }
            if (spans[0] == 200_000 || spans[0] == 1_800_000) {
                System.gc();
                heapAfterGc[spans[0] == 200_000 ? 0 : 1] = memory.getHeapMemoryUsage().getUsed();
            }
        }, log -> logs[0]++));
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("scale: %d spans, %d logs in %.2f s (%.0f spans/s, two forced GCs included); heap after GC %d MB -> %d MB%n",
                summary.spans(), summary.logs(), seconds, summary.spans() / seconds, heapAfterGc[0] >> 20, heapAfterGc[1] >> 20);
        assertThat(spans[0]).isEqualTo(summary.spans()).isBetween(1_700_000L, 2_300_000L);
        assertThat(logs[0]).isEqualTo(summary.logs());
        assertThat(outOfOrder[0]).isZero();
        assertThat(heapAfterGc[1] - heapAfterGc[0]).as("heap growth in bytes").isLessThan(32L << 20);
    }
}
