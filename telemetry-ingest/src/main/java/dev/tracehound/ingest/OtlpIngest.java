package dev.tracehound.ingest;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ingest pipeline of embedded mode: normalise a request's records, store them through
 * the batcher, and report what was rejected. The returned future completes only once the
 * accepted rows are in ClickHouse.
 */
public final class OtlpIngest implements AutoCloseable {

    /** What happened to one request's records, and how many values each PII rule redacted. */
    public record Outcome(long accepted, long rejected, String message, Map<String, Long> redactions) {}

    private final SpanNormalizer spans;
    private final LogNormalizer logs;
    private final MetricNormalizer metrics;
    private final EmbeddedBatcher<SpanRow> spanBatcher;
    private final EmbeddedBatcher<LogRow> logBatcher;
    private final EmbeddedBatcher<MetricRow> metricBatcher;
    private final ScrubberSource scrubbers;
    private final IngestLimits limits;

    public OtlpIngest(TelemetryWriter writer, LlmPrices prices, ScrubberSource scrubbers, IngestLimits limits,
            IngestSettings settings, Clock clock) {
        this.scrubbers = scrubbers;
        this.limits = limits;
        var times = new TimeCheck(clock);
        this.spans = new SpanNormalizer(prices, times);
        this.logs = new LogNormalizer(times);
        this.metrics = new MetricNormalizer(times);
        this.spanBatcher = new EmbeddedBatcher<>("span", writer::writeSpans, settings.maxBatchRows(), settings.linger(),
                settings.capacityRows());
        this.logBatcher = new EmbeddedBatcher<>("log", writer::writeLogs, settings.maxBatchRows(), settings.linger(),
                settings.capacityRows());
        this.metricBatcher = new EmbeddedBatcher<>("metric", writer::writeMetrics, settings.maxBatchRows(),
                settings.linger(), settings.capacityRows());
    }

    public CompletableFuture<Outcome> traces(String projectId, ExportTraceServiceRequest request) {
        var scrub = scrub(projectId);
        return store(projectId, spans.normalize(projectId, scrub, request), scrub, spanBatcher);
    }

    public CompletableFuture<Outcome> logs(String projectId, ExportLogsServiceRequest request) {
        var scrub = scrub(projectId);
        return store(projectId, logs.normalize(projectId, scrub, request), scrub, logBatcher);
    }

    /** Data points: {@link Outcome#accepted()} and {@link Outcome#rejected()} count points, not metrics. */
    public CompletableFuture<Outcome> metrics(String projectId, ExportMetricsServiceRequest request) {
        var scrub = scrub(projectId);
        return store(projectId, metrics.normalize(projectId, scrub, request), scrub, metricBatcher);
    }

    private Scrub scrub(String projectId) {
        return new Scrub(scrubbers.forProject(projectId), new PiiScrubCounts());
    }

    /** Throws {@link IngestLimits.Refused} when the project is over its rate or quota. */
    private <T> CompletableFuture<Outcome> store(
            String projectId, Normalized<T> normalized, Scrub scrub, EmbeddedBatcher<T> batcher) {
        limits.admit(projectId, normalized.rows().size() + normalized.rejected());
        var outcome = new Outcome(normalized.rows().size(), normalized.rejected(), normalized.message(),
                scrub.counts().snapshot());
        return batcher.submit(normalized.rows()).thenApply(stored -> outcome);
    }

    @Override
    public void close() {
        spanBatcher.close();
        logBatcher.close();
        metricBatcher.close();
    }
}
