package dev.tracehound.platform.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log's filtered read, newest first, as one statement with a named fragment per
 * filter part, and the cursor that continues it. Rows are ordered by time, then id, so a page
 * boundary between rows of the same instant is still exact.
 */
final class AuditQuery {

    private static final String SELECT_ENTRIES = """
            SELECT id, workspace_id, occurred_at, actor_kind, actor_id, action, target_kind, target_id,
                   summary::text AS summary, ip, user_agent
            FROM audit_log WHERE workspace_id = :workspace""";
    private static final String ACTOR_KIND = " AND actor_kind = :actorKind";
    private static final String ACTOR_ID = " AND actor_id = :actorId";
    private static final String ACTION = " AND action = :action";
    private static final String TARGET_KIND = " AND target_kind = :targetKind";
    private static final String TARGET_ID = " AND target_id = :targetId";
    private static final String FROM = " AND occurred_at >= :from";
    private static final String TO = " AND occurred_at < :to";
    private static final String AFTER_CURSOR = " AND (occurred_at, id) < (:cursorTime, :cursorId)";
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, id DESC";
    private static final String LIMIT = " LIMIT :limit";

    private AuditQuery() {}

    /** The statement for the filter, continuing after {@code cursor} unless null, at most {@code limit} rows unless null. */
    static JdbcClient.StatementSpec statement(JdbcClient jdbc, AuditFilter filter, Cursor cursor, Integer limit) {
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(SELECT_ENTRIES, Map.of("workspace", filter.workspace())));
        if (filter.actorKind() != null) {
            parts.add(new Part(ACTOR_KIND, Map.of("actorKind", filter.actorKind().name().toLowerCase(Locale.ROOT))));
        }
        if (filter.actorId() != null) {
            parts.add(new Part(ACTOR_ID, Map.of("actorId", filter.actorId())));
        }
        if (filter.action() != null) {
            parts.add(new Part(ACTION, Map.of("action", filter.action().name())));
        }
        if (filter.targetKind() != null) {
            parts.add(new Part(TARGET_KIND, Map.of("targetKind", filter.targetKind())));
        }
        if (filter.targetId() != null) {
            parts.add(new Part(TARGET_ID, Map.of("targetId", filter.targetId())));
        }
        if (filter.from() != null) {
            parts.add(new Part(FROM, Map.of("from", Times.at(filter.from()))));
        }
        if (filter.to() != null) {
            parts.add(new Part(TO, Map.of("to", Times.at(filter.to()))));
        }
        if (cursor != null) {
            parts.add(new Part(AFTER_CURSOR, Map.of("cursorTime", Times.at(cursor.occurredAt()), "cursorId", cursor.id())));
        }
        parts.add(new Part(NEWEST_FIRST, Map.of()));
        if (limit != null) {
            parts.add(new Part(LIMIT, Map.of("limit", limit)));
        }
        StringBuilder sql = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        for (Part part : parts) {
            sql.append(part.fragment());
            params.putAll(part.params());
        }
        return jdbc.sql(sql.toString()).params(params);
    }

    private record Part(String fragment, Map<String, ?> params) {}

    /** Where a page ended: the last row's time and id, as opaque text for a URL. */
    record Cursor(Instant occurredAt, long id) {

        static Cursor after(AuditEntry last) {
            return new Cursor(last.occurredAt(), last.id());
        }

        String encode() {
            String plain = occurredAt.getEpochSecond() + "." + occurredAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
        }

        /** @throws IllegalArgumentException the text is not a cursor this class made */
        static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\.");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("wrong number of parts");
                }
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        Long.parseLong(parts[2]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the cursor '" + text + "' is not one this audit log gave out; "
                        + "start from the first page (no cursor) and follow nextCursor", e);
            }
        }
    }
}
