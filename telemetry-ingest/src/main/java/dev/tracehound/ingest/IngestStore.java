package dev.tracehound.ingest;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SpanRow;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where ingest puts the accepted rows of one request, all of one project. The future
 * completes once they are durable: in ClickHouse ({@link EmbeddedStore}) or acknowledged by
 * Kafka ({@link KafkaStore}); a request is answered only then. The same rows stored twice
 * (a client retrying) are kept once.
 */
public interface IngestStore extends AutoCloseable {

    /** The store cannot take rows now (Kafka unreachable or not acknowledging); retrying later may work. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    CompletableFuture<Void> spans(List<SpanRow> rows);

    CompletableFuture<Void> logs(List<LogRow> rows);

    CompletableFuture<Void> metrics(List<MetricRow> rows);

    /** Finishes what was accepted, then stops. */
    @Override
    void close();
}
