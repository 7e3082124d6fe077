package dev.tracehound.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Timestamps from clients are kept, but the doubtful ones are flagged in the
 * {@value #FLAG_KEY} attribute: a missing start (replaced by the time we received it), an end
 * before the start (duration 0), a time more than {@link #FUTURE_TOLERANCE} ahead of ours, a
 * metric data point's start after its time.
 */
final class TimeCheck {

    static final String FLAG_KEY = "tracehound.ingest.flags";
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);

    private final Clock clock;

    TimeCheck(Clock clock) {
        this.clock = clock;
    }

    long now() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    record Timing(long start, long duration, List<String> flags) {
        void flag(Map<String, String> attributes) {
            if (!flags.isEmpty()) {
                attributes.put(FLAG_KEY, String.join(",", flags));
            }
        }
    }

    Timing span(long start, long end, long receivedAt) {
        var flags = new ArrayList<String>(0);
        long duration;
        if (start == 0) {
            flags.add("start_time_missing");
            start = receivedAt;
            duration = 0;
        } else if (end < start) {
            flags.add(end == 0 ? "end_time_missing" : "end_before_start");
            duration = 0;
        } else {
            duration = end - start;
        }
        if (start > receivedAt + FUTURE_TOLERANCE.toNanos()) {
            flags.add("time_in_future");
        }
        return new Timing(start, duration, flags);
    }

    /** A log's time: its own, else when it was observed, else when we received it. */
    Timing log(long time, long observed, long receivedAt) {
        var flags = new ArrayList<String>(0);
        long at = time;
        if (at == 0) {
            at = observed != 0 ? observed : receivedAt;
            flags.add(observed != 0 ? "time_from_observed" : "time_missing");
        }
        if (at > receivedAt + FUTURE_TOLERANCE.toNanos()) {
            flags.add("time_in_future");
        }
        return new Timing(at, 0, flags);
    }

    /**
     * A metric data point's time: its own, else when we received it. Its start is optional
     * (0) and kept as sent, even when after the time.
     */
    Timing point(long start, long time, long receivedAt) {
        var flags = new ArrayList<String>(0);
        long at = time;
        if (at == 0) {
            at = receivedAt;
            flags.add("time_missing");
        } else if (start > at) {
            flags.add("start_after_time");
        }
        if (at > receivedAt + FUTURE_TOLERANCE.toNanos()) {
            flags.add("time_in_future");
        }
        return new Timing(at, 0, flags);
    }
}
