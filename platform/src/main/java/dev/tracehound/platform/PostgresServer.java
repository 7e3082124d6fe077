package dev.tracehound.platform;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The PostgreSQL server behind the service's data source, as health reports it. */
public final class PostgresServer {

    private static final String SERVER_VERSION = "SELECT current_setting('server_version')";

    private final JdbcClient jdbc;

    public PostgresServer(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** The server's version, e.g. {@code 17.5}; throws when the server does not answer. */
    public String version() {
        return jdbc.sql(SERVER_VERSION).query(String.class).single();
    }
}
