package dev.tracehound.incidents.rule;

import dev.tracehound.incidents.Observation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule's value over the last day, step by step, as its editor charts it.
 *
 * @param step   how far apart the points are: the rule's window, or more for short windows
 * @param series one per group, the largest first (one without group-by)
 */
public record Preview(Duration step, List<Series> series) {

    public Preview {
        series = List.copyOf(series);
    }

    /** @param labels the group's values by dimension; empty without group-by */
    public record Series(Map<String, String> labels, List<Point> points) {

        public Series {
            labels = Map.copyOf(labels);
            points = List.copyOf(points);
        }
    }

    /**
     * @param start    where the step starts; it ends {@link Preview#step()} later
     * @param value    the rule's value over the step (counts per window), NaN without data
     * @param compared the threshold, or the baseline's value, NaN without one
     * @param volume   the spans or log records the value is computed from
     * @param verdict  what an evaluation at the step's end would have said
     */
    public record Point(Instant start, double value, double compared, long volume, Verdict verdict) {}
}
