package dev.tracehound.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A throw-away database on the real PostgreSQL that {@code ./dev test} prepared (or the one
 * {@code DATABASE_URL} names). Integration tests never mock PostgreSQL.
 */
public final class TestPostgres implements AutoCloseable {

    private final String database;
    private final String url;

    private TestPostgres(String database, String url) {
        this.database = database;
        this.url = url;
    }

    private static PostgresUrl configured() {
        String url = System.getenv("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("DATABASE_URL is not set: run this with ./dev test (or ./dev bench), which "
                    + "prepares PostgreSQL, or set DATABASE_URL (jdbc:postgresql://... or postgres://...)");
        }
        return PostgresUrl.parse(url);
    }

    public static String serverUrl() {
        return configured().jdbcUrl();
    }

    public static String user() {
        return configured().user().orElse(System.getenv().getOrDefault("DATABASE_USER", "tracehound"));
    }

    public static String password() {
        return configured().password().orElse(System.getenv().getOrDefault("DATABASE_PASSWORD", "tracehound"));
    }

    /** A new, empty database; dropped on close. */
    public static TestPostgres create() {
        return create("test");
    }

    /** A new, empty database named {@code prefix} and a random suffix; dropped on close. */
    public static TestPostgres create(String prefix) {
        String database = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String serverUrl = serverUrl();
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password())) {
            c.createStatement().execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + serverUrl + ": " + e.getMessage(), e);
        }
        return new TestPostgres(database, replaceDatabase(serverUrl, database));
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    public String name() {
        return database;
    }

    public String url() {
        return url;
    }

    public DataSource dataSource() {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), url, user(), password());
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(serverUrl(), user(), password())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + database + ": " + e.getMessage(), e);
        }
    }
}
