package dev.tracehound.incidents.alerting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A workspace's silences: label matchers over a time window, with who made each and why. While one is in
 * effect, an alert it matches still fires and is shown, but notifies nobody and starts no investigation;
 * the incident's timeline says which silence did it. Which workspace a caller may touch is the caller's
 * policy to decide; a silence of another workspace is not found here.
 */
public final class Silences {

    /** Which silences {@link #list} returns. */
    public enum Listing {
        /** In effect now, or starting later. */
        CURRENT,
        /** Expired ones too. */
        ALL
    }

    private static final String COLUMNS = """
            id, workspace_id, matchers::text AS matchers, starts_at, ends_at, created_by, comment, created_at,
            expired_by
            """;
    private static final String INSERT = """
            INSERT INTO silences (id, workspace_id, matchers, starts_at, ends_at, created_by, comment, created_at)
            VALUES (:id, :workspace, CAST(:matchers AS jsonb), :startsAt, :endsAt, :createdBy, :comment, :now)""";
    private static final String SELECT_ONE = "SELECT " + COLUMNS
            + " FROM silences WHERE workspace_id = :workspace AND id = :id";
    private static final String SELECT_LIST = "SELECT " + COLUMNS + """
            FROM silences WHERE workspace_id = :workspace AND (:all OR ends_at > :now)
            ORDER BY ends_at DESC, id""";
    private static final String SELECT_IN_EFFECT = "SELECT " + COLUMNS + """
            FROM silences WHERE workspace_id = :workspace AND starts_at <= :now AND ends_at > :now
            ORDER BY created_at, id""";
    private static final String EXPIRE = """
            UPDATE silences SET ends_at = :now, starts_at = LEAST(starts_at, :now), expired_by = :by
            WHERE workspace_id = :workspace AND id = :id AND ends_at > :now""";

    private final JdbcClient jdbc;
    private final Clock clock;

    public Silences(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /**
     * A new silence from {@code startsAt} (null: now) until {@code endsAt}.
     *
     * @throws IllegalArgumentException no matcher, an end not after the start or already past, a blank
     *     comment or creator (matchers validate themselves: a regex must compile)
     */
    public Silence create(UUID workspaceId, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt,
            String createdBy, String comment) {
        Instant now = clock.instant();
        Instant starts = startsAt == null ? now : startsAt;
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher, e.g. "
                    + "{\"label\": \"service\", \"value\": \"checkout\", \"regex\": false}");
        }
        if (matchers.size() > 50) {
            throw new IllegalArgumentException("a silence has at most 50 matchers; it had " + matchers.size());
        }
        if (endsAt == null || !endsAt.isAfter(starts)) {
            throw new IllegalArgumentException("a silence must end after it starts (" + starts + "); ends_at was "
                    + endsAt);
        }
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("a silence ending at " + endsAt + " is already over; give an end after "
                    + now);
        }
        if (comment == null || comment.isBlank() || comment.length() > 1000) {
            throw new IllegalArgumentException("a silence needs a comment of 1 to 1000 characters saying why");
        }
        if (createdBy == null || createdBy.isBlank() || createdBy.length() > 200) {
            throw new IllegalArgumentException("a silence needs its creator (1 to 200 characters)");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql(INSERT).param("id", id).param("workspace", workspaceId).param("matchers", Json.matchers(matchers))
                .param("startsAt", Timestamp.from(starts)).param("endsAt", Timestamp.from(endsAt))
                .param("createdBy", createdBy).param("comment", comment.strip()).param("now", Timestamp.from(now))
                .update();
        return find(workspaceId, id).orElseThrow();
    }

    public Optional<Silence> find(UUID workspaceId, UUID silenceId) {
        return jdbc.sql(SELECT_ONE).param("workspace", workspaceId).param("id", silenceId).query(Silences::row)
                .optional();
    }

    /** The workspace's silences, the latest ending first. */
    public List<Silence> list(UUID workspaceId, Listing listing) {
        return jdbc.sql(SELECT_LIST).param("workspace", workspaceId).param("all", listing == Listing.ALL)
                .param("now", Timestamp.from(clock.instant())).query(Silences::row).list();
    }

    /**
     * Ends the silence now, noting who ended it; one already over is left as it is. Empty when the workspace
     * has no such silence.
     */
    public Optional<Silence> expire(UUID workspaceId, UUID silenceId, String by) {
        jdbc.sql(EXPIRE).param("workspace", workspaceId).param("id", silenceId).param("by", by)
                .param("now", Timestamp.from(clock.instant())).update();
        return find(workspaceId, silenceId);
    }

    /** The silences in effect at {@code at}, oldest first: the first that matches an alert is the one named. */
    List<Silence> inEffect(UUID workspaceId, Instant at) {
        return jdbc.sql(SELECT_IN_EFFECT).param("workspace", workspaceId).param("now", Timestamp.from(at))
                .query(Silences::row).list();
    }

    private static Silence row(ResultSet rs, int n) throws SQLException {
        return new Silence(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                Json.matchers(rs.getString("matchers")), Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at"),
                rs.getString("created_by"), rs.getString("comment"), Rows.instant(rs, "created_at"),
                rs.getString("expired_by"));
    }
}
