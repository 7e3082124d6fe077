package dev.tracehound.incidents.alerting;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Evaluation leases: the instance that inserts a check's row for an interval evaluates it, once. The slot is
 * the instant truncated to the check's interval counted from the epoch, so every instance computes the same
 * slot for the same moment, and a restarted instance finds the slots it already took.
 */
final class EvaluationSlots {

    private static final String CLAIM = """
            INSERT INTO evaluation_slots (source, slot_start, instance, claimed_at)
            VALUES (:source, :slot, :instance, :now)
            ON CONFLICT (source, slot_start) DO NOTHING""";
    private static final String DELETE_OLDER = "DELETE FROM evaluation_slots WHERE slot_start < :before";

    static final Duration KEPT = Duration.ofDays(1);

    private final JdbcClient jdbc;

    EvaluationSlots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The start of the interval {@code at} falls in, intervals counted from the epoch. */
    static Instant slotOf(Instant at, Duration interval) {
        long millis = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
    }

    /** Whether this instance took the slot (committed at once, outside any transaction of the caller's). */
    boolean claim(String source, Instant slotStart, String instance, Instant now) {
        return jdbc.sql(CLAIM).param("source", source).param("slot", Timestamp.from(slotStart))
                .param("instance", instance).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Deletes the slots older than {@link #KEPT} before {@code now}; returns how many. */
    int prune(Instant now) {
        return jdbc.sql(DELETE_OLDER).param("before", Timestamp.from(now.minus(KEPT))).update();
    }
}
