package dev.tracehound.demo;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.SpanRow;

/**
 * Receives the generated rows one by one, so a caller can batch them into inserts without the
 * generator ever holding a whole data set. All spans of a trace arrive together, parents before
 * children, followed by that trace's logs; traces arrive in the order of their root start time,
 * and logs that belong to no trace arrive between them in time order. Metric data points arrive
 * between them as each minute's export falls due.
 */
public interface TelemetrySink {

    void span(SpanRow span);

    void log(LogRow log);

    /** A metric data point; a sink that keeps only spans and logs may leave it. */
    default void metric(MetricRow point) {
    }
}
