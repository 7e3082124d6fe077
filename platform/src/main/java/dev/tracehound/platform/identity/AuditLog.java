package dev.tracehound.platform.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log of a workspace: who did what to whom, with a summary of the
 * change, from which address and user agent, and when. Rows are written by the identity
 * doors in the same transaction as the change they record (exactly one per change), and the
 * database refuses to update, delete or truncate them.
 *
 * <p>Reading: {@link #page} filters by actor, action, target and time, newest first, a page at
 * a time; {@link #exportCsv} writes every row of the same filter as CSV, streamed from the
 * database. Which workspace a caller may read is the caller's policy to decide.
 */
public final class AuditLog {

    private static final String INSERT_ENTRY = """
            INSERT INTO audit_log (workspace_id, actor_kind, actor_id, action, target_kind, target_id, summary, ip, user_agent)
            VALUES (:workspace, :actorKind, :actorId, :action, :targetKind, :targetId, CAST(:summary AS jsonb), :ip, :userAgent)""";
    private static final String SELECT_WORKSPACE_ENTRIES = """
            SELECT id, workspace_id, occurred_at, actor_kind, actor_id, action, target_kind, target_id,
                   summary::text AS summary, ip, user_agent
            FROM audit_log WHERE workspace_id = :workspace ORDER BY id DESC LIMIT :limit""";

    /** The most rows one page holds. */
    public static final int MAX_PAGE = 1000;
    /** Rows fetched from the database at a time while exporting. */
    private static final int EXPORT_FETCH_SIZE = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    /** PostgreSQL streams a result only inside a transaction; the export reads in one. */
    private final TransactionTemplate readOnly;

    /**
     * The doors that write rows build their own over the same data source, so that a row joins
     * the transaction of the change it records.
     */
    public AuditLog(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
    }

    /** The workspace's newest entries first, at most {@code limit}. */
    public List<AuditEntry> entries(UUID workspace, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000; was " + limit);
        }
        return jdbc.sql(SELECT_WORKSPACE_ENTRIES).param("workspace", workspace).param("limit", limit)
                .query(AuditLog::entry).list();
    }

    /**
     * The rows the filter matches, newest first, at most {@code limit}, continuing after the
     * page whose {@link AuditPage#nextCursor} is {@code cursor} (null for the first page).
     *
     * @throws IllegalArgumentException the limit is not between 1 and {@link #MAX_PAGE}, or the
     *     cursor is not one this log gave out
     */
    public AuditPage page(AuditFilter filter, int limit, String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("an audit page holds 1 to " + MAX_PAGE + " rows; asked for " + limit);
        }
        AuditQuery.Cursor after = cursor == null || cursor.isEmpty() ? null : AuditQuery.Cursor.decode(cursor);
        List<AuditEntry> rows = AuditQuery.statement(jdbc, filter, after, limit + 1).query(AuditLog::entry).list();
        if (rows.size() <= limit) {
            return new AuditPage(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, limit);
        return new AuditPage(page, AuditQuery.Cursor.after(page.getLast()).encode());
    }

    /**
     * Writes every row the filter matches, newest first, as CSV ({@link AuditCsv} gives the
     * columns) to {@code out}, streaming: rows are read from the database a few hundred at a
     * time and written as they come. Returns how many rows it wrote.
     *
     * @throws IOException writing to {@code out} failed (e.g. the client went away)
     */
    public long exportCsv(AuditFilter filter, Appendable out) throws IOException {
        AuditCsv csv = AuditCsv.start(out);
        AtomicLong rows = new AtomicLong();
        try {
            readOnly.executeWithoutResult(status -> AuditQuery.statement(jdbc, filter, null, null)
                    .withFetchSize(EXPORT_FETCH_SIZE)
                    .query(rs -> {
                        try {
                            csv.write(entry(rs, 0));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        rows.incrementAndGet();
                    }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
        return rows.get();
    }

    /**
     * Appends one entry; the caller's transaction makes it part of the change it records. Public
     * for the doors of other packages that change a workspace (billing's plan changes); they
     * build their log over the data source of their transaction, as the identity doors do.
     */
    public void append(UUID workspace, Actor actor, AuditAction action, String targetKind, Object targetId,
            Map<String, ?> summary) {
        jdbc.sql(INSERT_ENTRY)
                .param("workspace", workspace)
                .param("actorKind", actor.kind().name().toLowerCase(Locale.ROOT))
                .param("actorId", actor.id())
                .param("action", action.name())
                .param("targetKind", targetKind)
                .param("targetId", String.valueOf(targetId))
                .param("summary", JSON.writeValueAsString(summary))
                .param("ip", actor.ip())
                .param("userAgent", actor.userAgent())
                .update();
    }

    /** A summary in the order given: key, value, key, value… (values may be null). */
    public static Map<String, Object> summary(Object... keysAndValues) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            summary.put((String) keysAndValues[i], value instanceof Enum<?> e ? e.name() : value);
        }
        return summary;
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        Actor actor = new Actor(Actor.Kind.valueOf(rs.getString("actor_kind").toUpperCase(Locale.ROOT)),
                rs.getObject("actor_id", UUID.class), rs.getString("ip"), rs.getString("user_agent"));
        return new AuditEntry(rs.getLong("id"), rs.getObject("workspace_id", UUID.class), Times.read(rs, "occurred_at"),
                actor, AuditAction.valueOf(rs.getString("action")), rs.getString("target_kind"), rs.getString("target_id"),
                rs.getString("summary"));
    }
}
