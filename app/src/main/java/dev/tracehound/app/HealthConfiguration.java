package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.sandbox.DockerEngine;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
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
        var check = new DataSourceHealthIndicator(dataSource, "SELECT 1");
        return () -> {
            Health health = check.health(true);
            var builder = Health.status(health.getStatus()).withDetails(health.getDetails())
                    .withDetail("url", properties.getUrl());
            if (health.getDetails().containsKey("error")) {
                builder.withDetail("reason", String.valueOf(health.getDetails().get("error")));
            }
            return builder.build();
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
            var health = engine.hasImage(properties.sandboxImage()) ? Health.up() : Health.down()
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
