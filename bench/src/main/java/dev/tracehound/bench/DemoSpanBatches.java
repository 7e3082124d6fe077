package dev.tracehound.bench;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import java.util.ArrayList;
import java.util.List;

/** Demo spans cut into batches of exactly one request's size, as the ingest benchmarks send them. */
final class DemoSpanBatches {

    private DemoSpanBatches() {}

    /** {@code requests} batches of {@code perRequest} spans from {@code scenario} (its load is set to fit). */
    static List<List<SpanRow>> of(Scenario scenario, int requests, int perRequest) {
        var batches = new ArrayList<List<SpanRow>>();
        var current = new ArrayList<SpanRow>(perRequest);
        var sized = scenario.withLoad(Load.targetSpans(requests * (long) perRequest * 11 / 10));
        new DemoTelemetryGenerator(sized).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                if (batches.size() < requests) {
                    current.add(span);
                    if (current.size() == perRequest) {
                        batches.add(List.copyOf(current));
                        current.clear();
                    }
                }
            }

            @Override
            public void log(LogRow log) {
            }
        });
        if (batches.size() < requests) {
            throw new IllegalStateException("generated only " + batches.size() + " requests");
        }
        return batches;
    }
}
