package dev.tracehound.incidents.alerting;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code incident_events}: an incident's timeline. */
final class EventRows {

    static final String ACTOR = "tracehound";

    private static final Pattern KIND = Pattern.compile("[a-z][a-z-]{0,62}");
    private static final String INSERT = """
            INSERT INTO incident_events (incident_id, at, kind, actor, detail)
            SELECT id, :at, :kind, :actor, CAST(:detail AS jsonb) FROM incidents WHERE id = :incident""";
    private static final String SELECT_TIMELINE = """
            SELECT id, at, kind, actor, detail::text AS detail FROM incident_events
            WHERE incident_id = :incident ORDER BY id""";

    private final JdbcClient jdbc;

    EventRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws IllegalArgumentException the kind is not lower-case words joined by dashes, or no such incident */
    void append(UUID incidentId, Instant at, String kind, String actor, Map<String, ?> detail) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("an event kind is lower-case words joined by dashes, e.g. "
                    + "approval-requested; was " + kind);
        }
        if (actor == null || actor.isBlank() || actor.length() > 200) {
            throw new IllegalArgumentException("an event needs an actor of 1 to 200 characters (a user id, or "
                    + ACTOR + ")");
        }
        int added = jdbc.sql(INSERT).param("incident", incidentId).param("at", Timestamp.from(at))
                .param("kind", kind).param("actor", actor).param("detail", Json.detail(detail == null ? Map.of() : detail))
                .update();
        if (added == 0) {
            throw new IllegalArgumentException("no incident " + incidentId);
        }
    }

    List<TimelineEvent> timeline(UUID incidentId) {
        return jdbc.sql(SELECT_TIMELINE).param("incident", incidentId)
                .query((rs, n) -> new TimelineEvent(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("kind"),
                        rs.getString("actor"), Json.detail(rs.getString("detail"))))
                .list();
    }
}
