package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.platform.PostgresServer;
import dev.tracehound.sandbox.DockerEngine;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One health component per real part, named after it, with the reason when it is down. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthIndicator clickhouseHealthIndicator(ClickHouse clickHouse) {
        return () -> {
            var settings = clickHouse.settings();
            try {
                return Health.up()
                        .withDetail("url", settings.displayUrl())
                        .withDetail("database", settings.database())
                        .withDetail("version", clickHouse.serverVersion())
                        .build();
            } catch (RuntimeException e) {
                return Health.down()
                        .withDetail("url", settings.displayUrl())
                        .withDetail("reason", e.getMessage())
                        .build();
            }
        };
    }

    @Bean
    HealthIndicator postgresqlHealthIndicator(DataSource dataSource, DataSourceProperties properties) {
        var server = new PostgresServer(dataSource);
        return () -> {
            try {
                return Health.up().withDetail("url", properties.getUrl()).withDetail("version", server.version())
                        .build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("url", properties.getUrl()).withDetail("reason", Causes.rootMessage(e)).build();
            }
        };
    }


    @Bean
    HealthIndicator dockerHealthIndicator(DockerEngine engine, DockerProperties properties) {
        return () -> {
            var status = engine.status();
            if (!status.reachable()) {
                return Health.down().withDetail("dockerHost", status.dockerHost())
                        .withDetail("reason", status.reason()).build();
            }
            boolean imagePresent;
            try {
                imagePresent = engine.hasImage(properties.sandboxImage());
            } catch (RuntimeException e) {
                return Health.down().withDetail("dockerHost", status.dockerHost())
                        .withDetail("reason", "cannot inspect image " + properties.sandboxImage() + ": " + e.getMessage())
                        .build();
            }
            var health = imagePresent ? Health.up() : Health.down()
                    .withDetail("reason", "sandbox image " + properties.sandboxImage()
                            + " is not on this engine; ./dev up builds it");
            return health.withDetail("dockerHost", status.dockerHost())
                    .withDetail("version", status.version())
                    .withDetail("apiVersion", status.apiVersion())
                    .withDetail("sandboxImage", properties.sandboxImage())
                    .build();
        };
    }
}
