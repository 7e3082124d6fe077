package dev.tracehound.bench;

import dev.tracehound.platform.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A PostgreSQL database of a benchmark's own, on the server {@code DATABASE_URL} names (as the
 * platform's TestPostgres makes one for a test); dropped on close, even while connected.
 */
final class BenchPostgres implements AutoCloseable {

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String database;
    private final String url;
    private final List<SingleConnectionDataSource> connections = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private BenchPostgres(String serverUrl, String user, String password, String database) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.database = database;
        this.url = replaceDatabase(serverUrl, database);
    }

    /** A new, empty database named {@code prefix} and a random suffix. */
    static BenchPostgres create(String prefix) {
        String configured = System.getenv("DATABASE_URL");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("DATABASE_URL is not set: run this with ./dev bench, which starts "
                    + "PostgreSQL and sets it (or set DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD)");
        }
        PostgresUrl server = PostgresUrl.parse(configured);
        String user = server.user().orElse(System.getenv().getOrDefault("DATABASE_USER", "tracehound"));
        String password = server.password().orElse(System.getenv().getOrDefault("DATABASE_PASSWORD", "tracehound"));
        String database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), user, password)) {
            c.createStatement().execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + database + " on " + server.jdbcUrl() + ": "
                    + e.getMessage(), e);
        }
        return new BenchPostgres(server.jdbcUrl(), user, password, database);
    }

    String name() {
        return database;
    }

    /** The JDBC URL of this database, without credentials. */
    String url() {
        return url;
    }

    /** Runs these Flyway migration locations, as the service does at start. */
    BenchPostgres migrate(String... locations) {
        Flyway.configure().dataSource(url, user, password).locations(locations).load().migrate();
        return this;
    }

    /** One connection of its own, closed with the database. */
    synchronized DataSource connection() {
        var dataSource = new SingleConnectionDataSource(url, user, password, true);
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
        try (Connection c = DriverManager.getConnection(serverUrl, user, password)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop the PostgreSQL database " + database + ": " + e.getMessage());
        }
    }

    private static String replaceDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }
}
