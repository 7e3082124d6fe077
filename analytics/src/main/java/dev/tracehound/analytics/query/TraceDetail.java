package dev.tracehound.analytics.query;

import dev.tracehound.analytics.SpanRow;
import java.util.List;

/**
 * All spans of one trace as a tree: roots first, each span's children ordered by start.
 * A span whose parent is not in the trace (not sent, or not arrived yet) is shown as a
 * root and marked {@code orphan}; so is a span caught in a loop of parents. The critical path is the chain of spans that kept the
 * trace from finishing sooner, walked back from the end of its longest root.
 *
 * @param startNanos when the earliest span started
 * @param endNanos   when the last span ended
 * @param truncated  whether the trace has more than {@link TraceQueries#MAX_SPANS} spans, of which
 *                   the earliest are shown
 */
public record TraceDetail(String traceId, long startNanos, long endNanos, int spanCount, int errorCount,
        List<String> services, List<Node> roots, boolean truncated) {

    /**
     * @param critical whether the span is on the critical path
     * @param orphan   whether the span names a parent the trace does not hold
     */
    public record Node(SpanRow span, boolean critical, boolean orphan, List<Node> children) {}

    public long durationNanos() {
        return endNanos - startNanos;
    }
}
