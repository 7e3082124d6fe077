package dev.tracehound.analytics.query;

import java.util.List;
import java.util.Optional;

/** One page of a trace search, and the cursor of the next page when there is one. */
public record TracePage(List<Summary> traces, Optional<String> nextCursor) {

    /**
     * A trace as a search lists it. The root is the earliest span without a parent; a trace
     * whose root has not arrived shows its earliest span instead.
     *
     * @param startNanos    when its earliest span started
     * @param durationNanos from its earliest start to its latest end
     */
    public record Summary(String traceId, String rootName, String rootService, long startNanos, long durationNanos,
            long spanCount, long errorCount, List<String> services) {}
}
