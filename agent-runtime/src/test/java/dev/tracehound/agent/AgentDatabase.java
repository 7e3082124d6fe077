package dev.tracehound.agent;

import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A throw-away database with the platform's and this module's migrations, as the application
 * runs them together. Each {@link #newStore()} has its own connection, like another instance
 * of the application.
 */
final class AgentDatabase implements AutoCloseable {

    private final TestPostgres postgres = TestPostgres.create();
    private final List<SingleConnectionDataSource> connections = new ArrayList<>();

    AgentDatabase() {
        Flyway.configure().dataSource(postgres.dataSource())
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS)
                .load().migrate();
    }

    synchronized JdbcClient newClient() {
        var dataSource = new SingleConnectionDataSource(postgres.url(), TestPostgres.user(), TestPostgres.password(), true);
        connections.add(dataSource);
        return JdbcClient.create(dataSource);
    }

    SessionStore newStore() {
        return new SessionStore(newClient());
    }

    @Override
    public synchronized void close() {
        connections.forEach(SingleConnectionDataSource::destroy);
        postgres.close();
    }
}
