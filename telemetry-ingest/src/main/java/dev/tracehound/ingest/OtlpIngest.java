package dev.tracehound.ingest;

import dev.tracehound.platform.pricing.ModelPrices;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The ingest pipeline: normalise a request's records (PII scrub included), admit them under
 * the project's limits, hand the accepted rows to the store, and report what was rejected.
 * The returned future completes only once the store holds the rows durably.
 */
public final class OtlpIngest implements AutoCloseable {

    /**
     * What happened to one request's records, and how many values each PII rule redacted.
     *
     * @param quotaNotice what to tell the client about its quota ({@link QuotaGate#HEADER}); empty: nothing
     */
    public record Outcome(long accepted, long rejected, String message, Map<String, Long> redactions,
            String quotaNotice) {}

    /** Told about every request that was stored, e.g. to meter records and redactions. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (projectId, signal, outcome) -> {};

        void stored(String projectId, String signal, Outcome outcome);
    }

    private final IngestStore store;
    private final SpanNormalizer spans;
    private final LogNormalizer logs;
    private final MetricNormalizer metrics;
    private final ScrubberSource scrubbers;
    private final IngestLimits limits;
    private final Listener listener;

    public OtlpIngest(IngestStore store, ModelPrices prices, ScrubberSource scrubbers, IngestLimits limits, Clock clock,
            Listener listener) {
        this.store = store;
        this.scrubbers = scrubbers;
        this.limits = limits;
        this.listener = listener;
        var times = new TimeCheck(clock);
        this.spans = new SpanNormalizer(prices, times);
        this.logs = new LogNormalizer(times);
        this.metrics = new MetricNormalizer(times);
    }

    CompletableFuture<Outcome> traces(String projectId, ExportTraceServiceRequest request) {
        var scrub = scrub(projectId);
        return store(projectId, QuotaGate.Signal.TRACES, spans.normalize(projectId, scrub, request), scrub, store::spans);
    }

    CompletableFuture<Outcome> logs(String projectId, ExportLogsServiceRequest request) {
        var scrub = scrub(projectId);
        return store(projectId, QuotaGate.Signal.LOGS, logs.normalize(projectId, scrub, request), scrub, store::logs);
    }

    /** Data points: {@link Outcome#accepted()} and {@link Outcome#rejected()} count points, not metrics. */
    CompletableFuture<Outcome> metrics(String projectId, ExportMetricsServiceRequest request) {
        var scrub = scrub(projectId);
        return store(projectId, QuotaGate.Signal.METRICS, metrics.normalize(projectId, scrub, request), scrub, store::metrics);
    }

    private Scrub scrub(String projectId) {
        return new Scrub(scrubbers.forProject(projectId), new PiiScrubCounts());
    }

    /** Throws {@link IngestLimits.Refused} when the project is over its rate or quota. */
    private <T> CompletableFuture<Outcome> store(String projectId, QuotaGate.Signal signal, Normalized<T> normalized,
            Scrub scrub, Function<List<T>, CompletableFuture<Void>> storage) {
        String quotaNotice = limits.admit(projectId, signal, normalized.rows().size() + normalized.rejected());
        var outcome = new Outcome(normalized.rows().size(), normalized.rejected(), normalized.message(),
                scrub.counts().snapshot(), quotaNotice);
        return storage.apply(normalized.rows()).thenApply(stored -> {
            listener.stored(projectId, signal.name().toLowerCase(Locale.ROOT), outcome);
            return outcome;
        });
    }

    @Override
    public void close() {
        store.close();
    }
}
