package dev.tracehound.analytics;

import dev.tracehound.fixtures.ThrowawayClickHouse;

/** A {@link ThrowawayClickHouse} with this module's client connected to it, migrated if asked. */
public final class TestClickHouse implements AutoCloseable {

    private final ThrowawayClickHouse database;
    private final ClickHouse clickHouse;

    private TestClickHouse(ThrowawayClickHouse database) {
        this.database = database;
        this.clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
    }

    /** A new, empty database; dropped on close. */
    public static TestClickHouse create() {
        return new TestClickHouse(ThrowawayClickHouse.create());
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
        return database.name();
    }

    public long count(String sql) {
        return database.count(sql);
    }

    @Override
    public void close() {
        database.close();
    }
}
