package dev.tracehound.analytics.query;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a live tail follows.
 *
 * @param fromWatermark    a {@link TailSession#watermark()} to resume from (an SSE client's
 *                         Last-Event-ID); empty to follow what is stored from now on
 * @param traceQuietPeriod a trace with no new span for this long is reported complete (spans only)
 * @param maxRowsPerPoll   at most this many records per poll; more are skipped, and a
 *                         {@link TailEvent.Lagging} says how many
 */
public record TailRequest(
        Signal signal,
        TailFilter filter,
        Optional<String> fromWatermark,
        Duration traceQuietPeriod,
        int maxRowsPerPoll) {

    public enum Signal { SPANS, LOGS }

    static final Duration DEFAULT_TRACE_QUIET_PERIOD = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ROWS_PER_POLL = 500;
    static final int MAX_ROWS_PER_POLL = 5_000;

    public TailRequest {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(filter, "filter");
        fromWatermark = fromWatermark == null ? Optional.empty() : fromWatermark.filter(w -> !w.isBlank());
        Objects.requireNonNull(traceQuietPeriod, "traceQuietPeriod");
        if (traceQuietPeriod.isNegative() || traceQuietPeriod.isZero()) {
            throw new InvalidQueryException("traceQuietPeriod must be positive, was " + traceQuietPeriod);
        }
        if (maxRowsPerPoll < 1 || maxRowsPerPoll > MAX_ROWS_PER_POLL) {
            throw new InvalidQueryException(
                    "maxRowsPerPoll must be 1 to " + MAX_ROWS_PER_POLL + ", was " + maxRowsPerPoll);
        }
        if (signal == Signal.LOGS && !filter.spanOnlyFilters().isEmpty()) {
            throw new InvalidQueryException("a log tail cannot filter on " + String.join(", ",
                    filter.spanOnlyFilters()) + ": those filter spans; remove them or tail spans");
        }
        if (signal == Signal.SPANS && filter.minSeverity().isPresent()) {
            throw new InvalidQueryException(
                    "a span tail cannot filter on minSeverity: it filters log records; remove it or tail logs");
        }
    }

    /** New spans matching {@code filter}, with the default quiet period and row cap. */
    static TailRequest spans(TailFilter filter) {
        return new TailRequest(Signal.SPANS, filter, Optional.empty(), DEFAULT_TRACE_QUIET_PERIOD,
                DEFAULT_MAX_ROWS_PER_POLL);
    }

    /** New log records matching {@code filter}, with the default row cap. */
    static TailRequest logs(TailFilter filter) {
        return new TailRequest(Signal.LOGS, filter, Optional.empty(), DEFAULT_TRACE_QUIET_PERIOD,
                DEFAULT_MAX_ROWS_PER_POLL);
    }

    TailRequest resumingFrom(String watermark) {
        return new TailRequest(signal, filter, Optional.of(watermark), traceQuietPeriod, maxRowsPerPoll);
    }

    TailRequest withTraceQuietPeriod(Duration value) {
        return new TailRequest(signal, filter, fromWatermark, value, maxRowsPerPoll);
    }

    TailRequest withMaxRowsPerPoll(int value) {
        return new TailRequest(signal, filter, fromWatermark, traceQuietPeriod, value);
    }
}
