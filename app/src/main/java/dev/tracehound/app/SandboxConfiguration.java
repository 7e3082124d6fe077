package dev.tracehound.app;

import dev.tracehound.sandbox.DaytonaSandboxProvider;
import dev.tracehound.sandbox.DaytonaSettings;
import dev.tracehound.sandbox.DockerEngine;
import dev.tracehound.sandbox.DockerSandboxProvider;
import dev.tracehound.sandbox.DockerSandboxSettings;
import dev.tracehound.sandbox.SandboxException;
import dev.tracehound.sandbox.SandboxProvider;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sandbox provider the agent's shell and git tools use; closing the application closes its sandboxes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean(destroyMethod = "close")
    SandboxProvider sandboxProvider(SandboxProperties properties, DockerEngine engine) {
        return switch (properties.provider().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "docker" -> docker(properties, engine);
            case "daytona" -> daytona(properties);
            default -> throw new IllegalArgumentException("tracehound.sandbox.provider must be docker or daytona, was '"
                    + properties.provider() + "'");
        };
    }

    private static SandboxProvider docker(SandboxProperties properties, DockerEngine engine) {
        DockerSandboxSettings defaults = DockerSandboxSettings.defaults();
        var settings = new DockerSandboxSettings(properties.reapInterval(), properties.warmPoolSize(),
                properties.instanceId() == null || properties.instanceId().isBlank()
                        ? defaults.instanceId() : properties.instanceId(), properties.bridgeNetwork());
        var lazy = new LazySandboxProvider("docker", () -> DockerSandboxProvider.create(engine, settings));
        try {
            lazy.provider();
        } catch (SandboxException e) {
            log.warn("sandboxes: {}; they will be made once the engine answers", e.getMessage());
        }
        return lazy;
    }

    private static SandboxProvider daytona(SandboxProperties properties) {
        SandboxProperties.Daytona daytona = properties.daytona();
        if (daytona == null || daytona.baseUrl() == null) {
            throw new IllegalArgumentException(
                    "tracehound.sandbox.provider=daytona needs tracehound.sandbox.daytona.base-url and .api-key");
        }
        return DaytonaSandboxProvider.create(new DaytonaSettings(daytona.baseUrl(), daytona.apiKey(),
                Optional.ofNullable(daytona.organizationId()).filter(o -> !o.isBlank()), Duration.ofSeconds(30), 3));
    }
}
