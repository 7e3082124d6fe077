package dev.tracehound.analytics.query;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import java.time.Instant;

/** What one {@link TailSession#poll()} found, in the order a client should show it. */
public sealed interface TailEvent {

    /** A new span matching the filter. */
    record SpanArrived(SpanRow span) implements TailEvent {}

    /** A new log record matching the filter. */
    record LogArrived(LogRow log) implements TailEvent {}

    /**
     * A trace of which the tail delivered a span has had no new span (matching the filter or
     * not) for the quiet period: a view can switch to the stored trace.
     *
     * @param spanCount every span the project holds of the trace, also those before the tail began
     */
    record TraceComplete(String traceId, long spanCount) implements TailEvent {}

    /**
     * More records matched in one poll than the request allows: the newest were delivered, and
     * this many older ones were skipped. Comes before the records of its poll.
     */
    record Lagging(long skipped) implements TailEvent {}

    /**
     * The watermark resumed from was older than a tail reaches back: records stored from
     * {@code from} to {@code to} were not followed (search them instead). First event of a session.
     */
    record Gap(Instant from, Instant to) implements TailEvent {}
}
