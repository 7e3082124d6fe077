package dev.tracehound.evals.template;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A scenario's time: the window's end ({@code anchor}, "now" for the questions), its length and
 * its traffic. Anchors fall on whole minutes of the week of 2 March 2026, at any hour.
 */
record Window(Instant anchor, int minutes, double requestsPerMinute) {

    private static final Instant FIRST_DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** 60 to 120 minutes at 30 to 60 requests a minute: at about five spans a request, 40k spans at most. */
    static Window draw(Draw draw) {
        Instant anchor = FIRST_DAY.plus(Duration.ofDays(draw.between(0, 6)))
                .plus(Duration.ofHours(draw.between(0, 23)))
                .plus(Duration.ofMinutes(draw.between(0, 59)));
        return new Window(anchor, draw.between(6, 12) * 10, draw.between(30, 60));
    }

    /** The wall-clock time of a minute of the window, as people write it: {@code 14:20 UTC}. */
    String clock(int minute) {
        return CLOCK.format(anchor.minus(Duration.ofMinutes(minutes - minute))) + " UTC";
    }

    /** When a minute of the window was, said one of two ways: {@code 14:20 UTC} or {@code 25 minutes ago}. */
    String when(int minute, Draw draw) {
        int ago = minutes - minute;
        return draw.chance(0.6) || ago < 10 ? clock(minute) : (ago / 5 * 5) + " minutes ago";
    }

    /** A minute for something to start going wrong: well after the start, with enough left to see it. */
    int incidentStart(Draw draw) {
        return draw.between(minutes * 35 / 100, minutes * 70 / 100);
    }

    /** The minutes left from {@code minute} to the window's end. */
    int rest(int minute) {
        return minutes - minute;
    }
}
