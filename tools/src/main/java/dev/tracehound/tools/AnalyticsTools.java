package dev.tracehound.tools;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.BubbleUpQueries;
import dev.tracehound.analytics.query.LlmUsageQueries;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.TraceQueries;
import java.time.Clock;
import java.util.List;

/** The tools that read the project's telemetry through the analytics engine. */
final class AnalyticsTools {

    private final List<Tool> all;

    AnalyticsTools(ClickHouse clickHouse, Clock clock) {
        var traces = new TraceQueries(clickHouse);
        this.all = List.of(
                new TraceSearchTool(traces, clock),
                new GetTraceTool(traces),
                new AggregateTool(new AggregateQueries(clickHouse), clock),
                new BubbleUpTool(new BubbleUpQueries(clickHouse), traces, clock),
                new LogSearchTool(new LogQueries(clickHouse), clock),
                new LlmUsageTool(new LlmUsageQueries(clickHouse), clock));
    }

    List<Tool> all() {
        return all;
    }
}
