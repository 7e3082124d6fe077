package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.GenerationSummary;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import java.util.ArrayList;
import java.util.List;

/** Writes a demo scenario's spans and logs to ClickHouse through analytics' writer, as ./dev up loads them. */
final class DemoDay {

    private DemoDay() {}

    static GenerationSummary write(ClickHouse clickHouse, Scenario scenario) {
        var writer = new TelemetryWriter(clickHouse);
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        GenerationSummary summary = new DemoTelemetryGenerator(scenario).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                spans.add(span);
                if (spans.size() == 50_000) {
                    flush(writer, spans, List.of());
                }
            }

            @Override
            public void log(LogRow log) {
                logs.add(log);
            }
        });
        flush(writer, spans, logs);
        return summary;
    }

    private static void flush(TelemetryWriter writer, List<SpanRow> spans, List<LogRow> logs) {
        writer.writeSpans(spans);
        writer.writeLogs(logs);
        spans.clear();
    }
}
