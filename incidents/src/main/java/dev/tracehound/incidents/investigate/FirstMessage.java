package dev.tracehound.incidents.investigate;

import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.Observation;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The first message of an investigation's session: the incident (what fired, the values against
 * their baselines, since when, the service), the question, and the closing lines the answer must
 * end with. A model reads it as a person's question; so does the offline investigator, which
 * takes the time from "since HH:MM UTC" (the first "since" with a time it sees) and the service
 * from the names the text mentions.
 */
final class FirstMessage {

    /** The closing lines every investigation's answer ends with; the report is read from them. */
    static final String CLOSING_LINES = """
            End your answer with these four lines, each on a line of its own, in this order:
            Summary: <one sentence: what is wrong, where, and since when>
            Suspected cause: <the most likely cause, or "unknown">
            Confidence: high|medium|low
            Not determined: <what you could not check>""";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_ALERTS = 10;
    // An alert's summary may say "over the last 10m" or "since 13:05": the offline investigator would
    // take that for the time the question asks about, so it reads "over the trailing 10m", "from 13:05".
    private static final Pattern RELATIVE_TIME = Pattern.compile(
            "(?i)\\b(?:last|past|previous)(?=\\s+(?:\\d|a\\b|an\\b|one|two|three|four|five|six|seven|eight|nine|ten|"
                    + "eleven|twelve|couple|few|minute|hour|day|week))");
    private static final Pattern SINCE_TIME = Pattern.compile("(?i)\\bsince(?=\\s+\\d)");

    private FirstMessage() {}

    static String of(IncidentContext incident) {
        String since = CLOCK.format(incident.openedAt()) + " UTC";
        String service = incident.service().isBlank() ? "" : "`" + incident.service() + "`";
        var text = new StringBuilder();
        text.append("An incident opened at ").append(DAY_CLOCK.format(incident.openedAt())).append(" UTC and is being")
                .append(" investigated automatically. What is wrong ")
                .append(service.isEmpty() ? "in this project" : "with " + service).append(" since ").append(since)
                .append(", and why? It may have started before the incident opened: compare with the hours before it.")
                .append(" Find what changed (a deploy, a dependency, an attribute the bad requests share), with numbers")
                .append(" and trace ids from the tools as evidence.\n\n");
        text.append("Incident: ").append(plain(incident.title())).append(" (severity ").append(incident.severity().wireName())
                .append(service.isEmpty() ? "" : ", service " + service).append(").\n");
        if (!incident.firing().isEmpty()) {
            text.append("\nWhat fired:\n");
            incident.firing().stream().limit(MAX_ALERTS).forEach(alert -> text.append("- ").append(alert(alert)).append('\n'));
            if (incident.firing().size() > MAX_ALERTS) {
                text.append("- and ").append(incident.firing().size() - MAX_ALERTS).append(" more alerts\n");
            }
        }
        text.append('\n').append(CLOSING_LINES);
        return text.toString();
    }

    private static String alert(Observation alert) {
        var line = new StringBuilder(plain(alert.summary().isBlank() ? alert.seriesKey() : alert.summary()));
        if (!line.isEmpty() && ".!?".indexOf(line.charAt(line.length() - 1)) < 0) {
            line.append('.');
        }
        if (Double.isFinite(alert.value())) {
            line.append(" Value ").append(number(alert.value()));
            if (Double.isFinite(alert.baseline())) {
                line.append(" against a baseline or threshold of ").append(number(alert.baseline()));
            }
            if (alert.volume() > 0) {
                line.append(", from ").append(String.format(Locale.ROOT, "%,d", alert.volume())).append(" spans or logs");
            }
            line.append('.');
        }
        line.append(" (").append(alert.source()).append(", ").append(alert.severity().wireName()).append(")");
        return line.toString();
    }

    private static String plain(String text) {
        String line = text.replace('\n', ' ').strip();
        return SINCE_TIME.matcher(RELATIVE_TIME.matcher(line).replaceAll("trailing")).replaceAll("from");
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
