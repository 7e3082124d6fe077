package dev.tracehound.agent.session;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A throw-away database with the platform's and this module's migrations, as the application
 * runs them together. Each {@link #newStore()} has its own connection, like another instance
 * of the application.
 */
public final class AgentDatabase implements AutoCloseable {

    private final ThrowawayPostgres postgres = ThrowawayPostgres.create();
    private final List<SingleConnectionDataSource> connections = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    public AgentDatabase() {
        Flyway.configure().dataSource(postgres.dataSource())
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS)
                .load().migrate();
    }

    public synchronized JdbcClient newClient() {
        var dataSource = new SingleConnectionDataSource(postgres.url(), ThrowawayPostgres.user(), ThrowawayPostgres.password(), true);
        connections.add(dataSource);
        return JdbcClient.create(dataSource);
    }

    public SessionStore newStore() {
        return new SessionStore(newClient());
    }

    /** A pool of a few connections, as the application's Hikari pool. */
    public synchronized DataSource newPool() {
        var config = new HikariConfig();
        config.setJdbcUrl(postgres.url());
        config.setUsername(ThrowawayPostgres.user());
        config.setPassword(ThrowawayPostgres.password());
        config.setMaximumPoolSize(4);
        config.setPoolName("agent-test-" + pools.size());
        var pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public synchronized void close() {
        connections.forEach(SingleConnectionDataSource::destroy);
        pools.forEach(HikariDataSource::close);
        postgres.close();
    }
}
