package dev.tracehound.incidents;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and lengths as alert summaries and titles write them for people: "20:13 UTC", "10 min", "24 h". */
public final class Words {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Words() {}

    /** The minute of {@code at}, in UTC. */
    public static String time(Instant at) {
        return CLOCK.format(at);
    }

    /** Whole hours as "h", whole minutes as "min", else seconds. */
    public static String length(Duration length) {
        if (length.toMinutes() >= 60 && length.toMinutes() % 60 == 0) {
            return length.toHours() + " h";
        }
        if (length.toSeconds() >= 60 && length.toSeconds() % 60 == 0) {
            return length.toMinutes() + " min";
        }
        return length.toSeconds() + " s";
    }
}
