package dev.tracehound.platform;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * A project's own ingest rules: PII scrub replacements and dropped attribute keys on top of the
 * built-in scrub, and a rate limit instead of the service-wide one. Ingest reads them through a
 * cache, so a change takes effect within that cache's time.
 */
public final class ProjectIngestRules {

    /**
     * One scrub rule: every match of {@code pattern} (a {@link Pattern} regex) becomes
     * {@code replacement}, literal text; {@code [REDACTED:<name>]} when null.
     */
    public record Replacement(String name, String pattern, String replacement) {

        public Replacement {
            Objects.requireNonNull(name, "a scrub rule needs a name");
            Objects.requireNonNull(pattern, () -> "scrub rule '" + name + "' needs a pattern");
        }
    }

    /**
     * @param replacements      applied in this order, after the built-in rules
     * @param dropAttributeKeys attributes removed outright; a trailing {@code *} matches a prefix
     * @param recordsPerSecond  the project's rate; empty for the service-wide one, infinite for none
     * @param burstSeconds      how many seconds of its rate a project may send at once; empty for the
     *                          service-wide burst
     */
    public record Rules(List<Replacement> replacements, List<String> dropAttributeKeys,
            OptionalDouble recordsPerSecond, OptionalDouble burstSeconds) {

        static final Rules NONE = new Rules(List.of(), List.of(), OptionalDouble.empty(), OptionalDouble.empty());

        public Rules {
            replacements = List.copyOf(replacements);
            dropAttributeKeys = List.copyOf(dropAttributeKeys);
            Objects.requireNonNull(recordsPerSecond, "recordsPerSecond: use OptionalDouble.empty() for the default");
            Objects.requireNonNull(burstSeconds, "burstSeconds: use OptionalDouble.empty() for the default");
        }
    }

    private final JdbcClient jdbc;

    public ProjectIngestRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The project's rules; empty when it has none of its own (or does not exist). */
    public Optional<Rules> find(UUID projectId) {
        return jdbc.sql("""
                        SELECT scrub_names, scrub_patterns, scrub_replacements, drop_attribute_keys,
                               records_per_second, burst_seconds
                        FROM project_ingest_rules WHERE project_id = :project""")
                .param("project", projectId)
                .query((rs, n) -> rules(rs))
                .optional();
    }

    /**
     * Replaces the project's rules with these, after checking them.
     *
     * @throws IllegalArgumentException naming the first problem found; nothing is stored then
     */
    public void save(UUID projectId, Rules rules) {
        Objects.requireNonNull(projectId, "projectId");
        validate(rules);
        var names = new ArrayList<String>();
        var patterns = new ArrayList<String>();
        var replacements = new ArrayList<String>();
        for (Replacement r : rules.replacements()) {
            names.add(r.name());
            patterns.add(r.pattern());
            replacements.add(r.replacement());
        }
        jdbc.sql("""
                        INSERT INTO project_ingest_rules AS r (project_id, scrub_names, scrub_patterns,
                            scrub_replacements, drop_attribute_keys, records_per_second, burst_seconds, updated_at)
                        VALUES (:project, :names, :patterns, :replacements, :dropKeys, :rate, :burst, now())
                        ON CONFLICT (project_id) DO UPDATE SET
                            scrub_names = excluded.scrub_names,
                            scrub_patterns = excluded.scrub_patterns,
                            scrub_replacements = excluded.scrub_replacements,
                            drop_attribute_keys = excluded.drop_attribute_keys,
                            records_per_second = excluded.records_per_second,
                            burst_seconds = excluded.burst_seconds,
                            updated_at = excluded.updated_at""")
                .param("project", projectId)
                .param("names", textArray(names))
                .param("patterns", textArray(patterns))
                .param("replacements", textArray(replacements))
                .param("dropKeys", textArray(rules.dropAttributeKeys()))
                .param("rate", orNull(rules.recordsPerSecond()), Types.DOUBLE)
                .param("burst", orNull(rules.burstSeconds()), Types.DOUBLE)
                .update();
    }

    /*
     * Checks what can be checked without the ingest module; ingest checks the rest (rule name
     * syntax, names reserved by its built-in rules) and skips, with a warning, a rule it refuses.
     */
    private static void validate(Rules rules) {
        var names = new HashSet<String>();
        for (Replacement r : rules.replacements()) {
            if (r.name().isBlank()) {
                throw new IllegalArgumentException("a scrub rule name must not be blank");
            }
            if (!names.add(r.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("scrub rule '" + r.name() + "' is named twice");
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(r.pattern());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("scrub rule '" + r.name() + "' has an invalid pattern "
                        + r.pattern() + ": " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""), e);
            }
            if (pattern.matcher("").matches()) {
                throw new IllegalArgumentException("scrub rule '" + r.name()
                        + "' has a pattern that matches the empty string: " + r.pattern());
            }
        }
        for (String key : rules.dropAttributeKeys()) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a dropped attribute key must not be blank");
            }
        }
        rules.recordsPerSecond().ifPresent(rate -> {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("records per second must be positive (or infinite); was " + rate);
            }
        });
        rules.burstSeconds().ifPresent(burst -> {
            if (!(burst > 0) || Double.isInfinite(burst)) {
                throw new IllegalArgumentException("burst seconds must be positive and finite; was " + burst);
            }
        });
    }

    private static Rules rules(ResultSet rs) throws SQLException {
        String[] names = strings(rs.getArray("scrub_names"));
        String[] patterns = strings(rs.getArray("scrub_patterns"));
        String[] replacements = strings(rs.getArray("scrub_replacements"));
        var rules = new ArrayList<Replacement>(names.length);
        for (int i = 0; i < names.length; i++) {
            rules.add(new Replacement(names[i], patterns[i], replacements[i]));
        }
        return new Rules(rules, List.of(strings(rs.getArray("drop_attribute_keys"))),
                optional(rs.getObject("records_per_second", Double.class)),
                optional(rs.getObject("burst_seconds", Double.class)));
    }

    private static String[] strings(Array array) throws SQLException {
        try {
            return (String[]) array.getArray();
        } finally {
            array.free();
        }
    }

    private static SqlArrayValue textArray(List<String> values) {
        return new SqlArrayValue("text", values.toArray());
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
