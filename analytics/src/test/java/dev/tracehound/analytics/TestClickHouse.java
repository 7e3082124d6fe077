package dev.tracehound.analytics;

import java.util.UUID;

/**
 * A throw-away database on the real ClickHouse that {@code ./dev test} started (or the one
 * {@code CLICKHOUSE_URL} names). Integration tests never mock ClickHouse.
 */
public final class TestClickHouse implements AutoCloseable {

    private final ClickHouse clickHouse;

    private TestClickHouse(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    public static String url() {
        String url = System.getenv("CLICKHOUSE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(
                    "CLICKHOUSE_URL is not set: run the tests with ./dev test, which starts ClickHouse, or point "
                            + "CLICKHOUSE_URL at a server you run");
        }
        return url;
    }

    /** A new, empty database named after the test; dropped on close. */
    public static TestClickHouse create() {
        String database = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        var clickHouse = ClickHouse.connect(ClickHouseSettings.of(url(), database));
        clickHouse.executeIn("default", "CREATE DATABASE " + database);
        return new TestClickHouse(clickHouse);
    }

    /** A new database with every migration applied. */
    public static TestClickHouse migrated() {
        TestClickHouse test = create();
        try {
            new SchemaMigrator(test.clickHouse).migrate();
            return test;
        } catch (RuntimeException e) {
            test.close();
            throw e;
        }
    }

    public ClickHouse clickHouse() {
        return clickHouse;
    }

    public String database() {
        return clickHouse.settings().database();
    }

    public long count(String sql) {
        return clickHouse.query(Sql.of(sql)).getFirst().longValue("c");
    }

    @Override
    public void close() {
        try {
            clickHouse.executeIn("default", "DROP DATABASE IF EXISTS " + database());
        } finally {
            clickHouse.close();
        }
    }
}
