package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.sandbox.DockerEngine;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real parts: ClickHouse and PostgreSQL must answer and be migrated before the service
 * starts (it fails fast, naming the URL); Docker may be down, which health reports.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean(destroyMethod = "close")
    ClickHouse clickHouse(ClickHouseProperties properties) {
        ClickHouse clickHouse = ClickHouse.connect(properties.settings());
        try {
            String version = clickHouse.serverVersion();
            var result = new SchemaMigrator(clickHouse).migrate();
            log.info("ClickHouse {} at {}, database {}: applied {}, {} already applied", version,
                    properties.settings().displayUrl(), properties.database(), result.applied(), result.alreadyApplied());
            return clickHouse;
        } catch (RuntimeException e) {
            clickHouse.close();
            throw e;
        }
    }

    @Bean
    TelemetryWriter telemetryWriter(ClickHouse clickHouse) {
        return new TelemetryWriter(clickHouse);
    }

    @Bean
    FlywayConfigurationCustomizer platformMigrations() {
        return configuration -> configuration.locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS,
                IncidentsSchema.MIGRATIONS);
    }

    @Bean
    FlywayMigrationStrategy postgresMigration(DataSourceProperties dataSource) {
        return flyway -> {
            try {
                flyway.migrate();
            } catch (FlywayException e) {
                throw new PostgresUnavailableException(dataSource.getUrl(), e);
            }
        };
    }

    @Bean
    ProjectDirectory projectDirectory(DataSource dataSource) {
        return new ProjectDirectory(JdbcClient.create(dataSource));
    }

    @Bean
    ApiKeys apiKeys(DataSource dataSource) {
        return new ApiKeys(JdbcClient.create(dataSource));
    }

    @Bean(destroyMethod = "close")
    DockerEngine dockerEngine(DockerProperties properties) {
        return DockerEngine.connect(properties.host());
    }
}
