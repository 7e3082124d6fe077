package dev.tracehound.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Applies the versioned ClickHouse migrations ({@code V<number>__<name>.sql} under a
 * classpath folder) that are not yet in {@code schema_migrations}, in order, each once.
 * ClickHouse has no transactional DDL: a migration that fails half-way is not recorded and
 * runs again next time, so every statement in one must be safe to repeat (IF NOT EXISTS; an
 * {@code ALTER TABLE t ADD COLUMN} alone in its statement counts as done when the column exists).
 */
public final class SchemaMigrator {

    static final String DEFAULT_LOCATION = "classpath:clickhouse/migrations/";

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern ADD_COLUMN =
            Pattern.compile("^\\s*ALTER\\s+TABLE\\s+\\S+\\s+ADD\\s+COLUMN\\s", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    private static final int COLUMN_ALREADY_EXISTS = 44;

    private static final String CREATE_MIGRATIONS_TABLE = """
            CREATE TABLE IF NOT EXISTS schema_migrations
            (
                version    UInt32,
                file_name  String,
                checksum   String,
                applied_at DateTime('UTC')
            )
            ENGINE = MergeTree
            ORDER BY version""";

    private static final String APPLIED_MIGRATIONS = "SELECT version, file_name, checksum FROM schema_migrations";

    private static final String RECORD_MIGRATION = """
            INSERT INTO schema_migrations (version, file_name, checksum, applied_at)
            VALUES ({version:UInt32}, {file:String}, {checksum:String}, now())""";

    private final ClickHouse clickHouse;
    private final String location;

    public SchemaMigrator(ClickHouse clickHouse) {
        this(clickHouse, DEFAULT_LOCATION);
    }

    SchemaMigrator(ClickHouse clickHouse, String location) {
        this.clickHouse = clickHouse;
        this.location = location.endsWith("/") ? location : location + "/";
    }

    record Migration(int version, String fileName, String sql, String checksum) {}

    public record Result(List<String> applied, int alreadyApplied) {}

    public Result migrate() {
        List<Migration> migrations = load();
        String database = clickHouse.settings().database();
        clickHouse.executeIn("default", "CREATE DATABASE IF NOT EXISTS " + database);
        clickHouse.execute(CREATE_MIGRATIONS_TABLE);
        Map<Integer, Row> applied = new HashMap<>();
        for (Row row : clickHouse.query(Sql.of(APPLIED_MIGRATIONS))) {
            applied.put((int) row.longValue("version"), row);
        }
        var newlyApplied = new ArrayList<String>();
        for (Migration migration : migrations) {
            Row done = applied.get(migration.version());
            if (done != null) {
                if (!done.string("checksum").equals(migration.checksum())) {
                    throw new SchemaMigrationException("ClickHouse migration " + migration.fileName()
                            + " was changed after it was applied (as " + done.string("file_name")
                            + "); add a new migration instead of editing an applied one");
                }
                continue;
            }
            apply(migration);
            newlyApplied.add(migration.fileName());
        }
        if (newlyApplied.isEmpty()) {
            log.info("ClickHouse schema of {} is up to date ({} migrations)", database, migrations.size());
        }
        return new Result(List.copyOf(newlyApplied), migrations.size() - newlyApplied.size());
    }

    private void apply(Migration migration) {
        log.info("applying ClickHouse migration {}", migration.fileName());
        for (String statement : statements(migration.sql())) {
            try {
                clickHouse.execute(statement);
            } catch (ClickHouseException e) {
                if (isRepeatedAddColumn(statement, e)) {
                    continue;
                }
                throw new SchemaMigrationException(
                        "ClickHouse migration " + migration.fileName() + " failed: " + e.getMessage(), e);
            }
        }
        clickHouse.execute(Sql.of(RECORD_MIGRATION)
                .bind("version", migration.version())
                .bind("file", migration.fileName())
                .bind("checksum", migration.checksum())
                .render());
    }

    List<Migration> load() {
        Resource[] resources;
        try {
            resources = new PathMatchingResourcePatternResolver().getResources(location + "*.sql");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list ClickHouse migrations in " + location, e);
        }
        var migrations = new ArrayList<Migration>();
        for (Resource resource : resources) {
            String name = resource.getFilename();
            Matcher m = FILE_NAME.matcher(name == null ? "" : name);
            if (!m.matches()) {
                throw new SchemaMigrationException("ClickHouse migration file " + name + " in " + location
                        + " is not named V<number>__<name>.sql");
            }
            try {
                String sql = resource.getContentAsString(StandardCharsets.UTF_8);
                migrations.add(new Migration(Integer.parseInt(m.group(1)), name, sql, sha256(sql)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ClickHouse migration " + name, e);
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new SchemaMigrationException("two ClickHouse migrations share version "
                        + migrations.get(i).version() + ": " + migrations.get(i - 1).fileName() + " and "
                        + migrations.get(i).fileName());
            }
        }
        return migrations;
    }

    /**
     * 18.16 has no {@code ADD COLUMN IF NOT EXISTS}; a migration cut short after adding a column
     * runs again, and the column being there already means that statement was done.
     */
    private static boolean isRepeatedAddColumn(String statement, ClickHouseException e) {
        return ADD_COLUMN.matcher(statement).find()
                && e.serverCode().orElse(-1) == COLUMN_ALREADY_EXISTS;
    }

    /** Splits on semicolons that end a line; comment-only pieces are dropped. */
    static List<String> statements(String sql) {
        return Arrays.stream(sql.split(";\\s*(\\n|$)"))
                .map(String::strip)
                .filter(s -> !s.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--")))
                .toList();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
