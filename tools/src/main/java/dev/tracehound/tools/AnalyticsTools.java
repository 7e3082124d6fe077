package dev.tracehound.tools;

import dev.tracehound.analytics.query.TelemetryQueries;
import java.time.Clock;
import java.util.List;

/** The tools that read the project's telemetry through the analytics engine. */
final class AnalyticsTools {

    private final List<Tool> all;

    AnalyticsTools(TelemetryQueries queries, Clock clock) {
        this.all = List.of(
                new TraceSearchTool(queries.traces(), clock),
                new GetTraceTool(queries.traces()),
                new AggregateTool(queries.aggregates(), clock),
                new BubbleUpTool(queries.bubbleUp(), queries.traces(), clock),
                new LogSearchTool(queries.logs(), clock),
                new LlmUsageTool(queries.llmUsage(), clock),
                new MetricQueryTool(queries.metrics(), clock));
    }

    List<Tool> all() {
        return all;
    }
}
