package dev.tracehound.agent.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** How the session tables' columns are read and written, and what their values must be. */
final class Columns {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NAME = 200;

    private Columns() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static OffsetDateTime timestamp(Instant instant) {
        return Objects.requireNonNull(instant, "instant").atOffset(ZoneOffset.UTC);
    }

    /** An enum as its text column holds it: {@code AWAITING_APPROVAL} is {@code awaiting_approval}. */
    static String column(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String column) {
        return Enum.valueOf(type, column.toUpperCase(Locale.ROOT));
    }

    static String requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a " + what + " is required");
        }
        if (value.length() > MAX_NAME) {
            throw new IllegalArgumentException("a " + what + " is at most " + MAX_NAME + " characters");
        }
        return value;
    }

    static void requireJson(String what, String json) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must be JSON, was null");
        }
        try {
            JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " must be JSON: " + e.getOriginalMessage(), e);
        }
    }
}
