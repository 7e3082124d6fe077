package dev.tracehound.evals.generate;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;

/** Where generated rows go, one at a time, in the order they are made. */
public interface TelemetrySink {

    void span(SpanRow span);

    void log(LogRow log);

    /** A sink that keeps nothing: for the figures of a scenario without its rows. */
    static TelemetrySink discarding() {
        return new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
            }

            @Override
            public void log(LogRow log) {
            }
        };
    }
}
