package dev.tracehound.evals.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tracehound.agent.session.AgentSchema;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The eval runs' PostgreSQL: the schema {@value #SCHEMA} of the service's database, with its own
 * migration history, holding the agent's session tables (the runs' sessions, apart from the
 * service's) and the runs themselves. Migrating it never touches the service's schema.
 */
public final class EvalDatabase implements AutoCloseable {

    public static final String SCHEMA = "evals";
    static final String MIGRATIONS = "classpath:db/migration/evals";

    private final HikariDataSource pool;

    private EvalDatabase(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Connects (the connections' search path is {@value #SCHEMA}) and migrates the schema. */
    public static EvalDatabase open(String jdbcUrl, String user, String password, int connections) {
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(Math.max(2, connections));
        config.setConnectionInitSql("SET search_path TO " + SCHEMA);
        config.setPoolName("evals");
        var pool = new HikariDataSource(config);
        try {
            migrate(pool);
            return new EvalDatabase(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA).createSchemas(true)
                .locations(AgentSchema.MIGRATIONS, MIGRATIONS).load().migrate();
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
