package dev.tracehound.app;

import dev.tracehound.platform.PostgresUrl;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Accepts DATABASE_URL in the libpq form most platforms hand out
 * ({@code postgres://user:password@host:5432/db}) as well as a JDBC URL.
 */
final class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "DATABASE_URL as JDBC";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("DATABASE_URL");
        if (url == null || url.startsWith("jdbc:")) {
            return;
        }
        PostgresUrl parsed = PostgresUrl.parse(url);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", parsed.jdbcUrl());
        parsed.user().ifPresent(user -> properties.put("spring.datasource.username", user));
        parsed.password().ifPresent(password -> properties.put("spring.datasource.password", password));
        var source = new MapPropertySource(SOURCE_NAME, properties);
        var sources = environment.getPropertySources();
        // Above application.yaml, below command-line arguments and system properties.
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addLast(source);
        }
    }
}
