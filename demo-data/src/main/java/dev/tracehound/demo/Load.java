package dev.tracehound.demo;

/** How much traffic a scenario has: a peak request rate, or a span count the generator aims for. */
public sealed interface Load {

    static Load peakRequestsPerSecond(double requestsPerSecond) {
        return new PeakRequestRate(requestsPerSecond);
    }

    static Load targetSpans(long spans) {
        return new TargetSpanCount(spans);
    }

    /** Frontend requests per second at the busiest time of day; the rest of the day is quieter. */
    record PeakRequestRate(double requestsPerSecond) implements Load {
        public PeakRequestRate {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("peak request rate must be positive, was " + requestsPerSecond);
            }
        }
    }

    /** About this many spans over the whole window; the generator derives the request rate from it. */
    record TargetSpanCount(long spans) implements Load {
        public TargetSpanCount {
            if (spans <= 0) {
                throw new IllegalArgumentException("target span count must be positive, was " + spans);
            }
        }
    }
}
