package dev.tracehound.bench;

import dev.tracehound.fixtures.ThrowawayPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A PostgreSQL database of a benchmark's own (a {@link ThrowawayPostgres} of test-fixtures), with the
 * service's migrations on demand and connections of its own; dropped on close, even while
 * connected.
 */
final class BenchPostgres implements AutoCloseable {

    private final ThrowawayPostgres database;
    private final List<SingleConnectionDataSource> connections = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private BenchPostgres(ThrowawayPostgres database) {
        this.database = database;
    }

    /** A new, empty database named {@code prefix} and a random suffix. */
    static BenchPostgres create(String prefix) {
        return new BenchPostgres(ThrowawayPostgres.create(prefix));
    }

    String name() {
        return database.name();
    }

    /** The JDBC URL of this database, without credentials. */
    String url() {
        return database.url();
    }

    /** Runs these Flyway migration locations, as the service does at start. */
    BenchPostgres migrate(String... locations) {
        Flyway.configure().dataSource(database.dataSource()).locations(locations).load().migrate();
        return this;
    }

    /** One connection of its own, closed with the database. */
    synchronized DataSource connection() {
        var dataSource = new SingleConnectionDataSource(url(), ThrowawayPostgres.user(), ThrowawayPostgres.password(), true);
        connections.add(dataSource);
        return dataSource;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            connections.forEach(SingleConnectionDataSource::destroy);
        }
        try {
            database.close();
        } catch (RuntimeException e) {
            System.err.println("could not drop the PostgreSQL database " + name() + ": " + e.getMessage());
        }
    }
}
