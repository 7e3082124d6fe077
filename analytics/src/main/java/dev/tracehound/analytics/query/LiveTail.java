package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import java.time.Clock;
import java.util.Objects;

/**
 * Live tail: follows the spans or log records that are stored from now on (or from a
 * watermark) and match a filter, for a stream such as Server-Sent Events.
 *
 * <p>New data is found through the batch ledger: every row ingest writes carries the id of its
 * batch, and ClickHouse records each batch id with the second it was stored in
 * {@code ingest_batches} within the same insert, whichever ingest instance wrote it. A
 * {@link TailSession} polls the project's ledger for batches it has not seen, then reads the
 * records of those batches that match the filter. Rows written without a batch id (demo data
 * written with {@code TelemetryWriter.writeSpans}) are never tailed.
 *
 * <p>A session holds no connection or thread: the stream calls {@link TailSession#poll()}
 * every half second or so, sends its own heartbeats, and drops the session when the client
 * leaves.
 */
public final class LiveTail {

    private final ProjectQueries queries;
    private final Clock clock;

    /** @param clock times the trace quiet period; watermarks use the ClickHouse server's clock */
    public LiveTail(ClickHouse clickHouse, Clock clock) {
        this.queries = new ProjectQueries(clickHouse);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts following. Without a watermark, what is stored before this call is not delivered;
     * with one, what was stored after it is (see {@link TailSession#watermark()}).
     *
     * @throws IllegalArgumentException for a blank project or a watermark no tail made
     */
    public TailSession open(String projectId, TailRequest request) {
        Objects.requireNonNull(request, "request");
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("a live tail needs a project");
        }
        return request.fromWatermark().isPresent()
                ? TailSession.resume(queries, clock, projectId, request, Watermark.decode(request.fromWatermark().get()))
                : TailSession.start(queries, clock, projectId, request);
    }
}
