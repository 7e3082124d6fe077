package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import java.time.Clock;
import java.util.Objects;

/**
 * The query engines, built once and shared by everything that reads telemetry for users: the
 * query API, the agent's tools and whatever comes after them. Each engine binds the project
 * itself, so sharing them shares no project's data.
 *
 * @param liveTail its clock times a trace's quiet period
 */
public record TelemetryQueries(TraceQueries traces, LogQueries logs, AggregateQueries aggregates,
        BubbleUpQueries bubbleUp, LlmUsageQueries llmUsage, MetricQueries metrics, SpanFieldQueries spanFields,
        LiveTail liveTail) {

    public TelemetryQueries {
        Objects.requireNonNull(traces, "traces");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(aggregates, "aggregates");
        Objects.requireNonNull(bubbleUp, "bubbleUp");
        Objects.requireNonNull(llmUsage, "llmUsage");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(spanFields, "spanFields");
        Objects.requireNonNull(liveTail, "liveTail");
    }

    /**
     * Every engine over {@code clickHouse}, which should carry the read limits of queries whose
     * shape users choose ({@link ClickHouse#limitedTo}).
     */
    public static TelemetryQueries over(ClickHouse clickHouse, Clock clock) {
        return new TelemetryQueries(new TraceQueries(clickHouse), new LogQueries(clickHouse),
                new AggregateQueries(clickHouse), new BubbleUpQueries(clickHouse), new LlmUsageQueries(clickHouse),
                new MetricQueries(clickHouse), new SpanFieldQueries(clickHouse), new LiveTail(clickHouse, clock));
    }
}
