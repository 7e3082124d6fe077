package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DatabaseUrlEnvironmentPostProcessorTest {

    @Test
    void aLibpqDatabaseUrlWinsOverApplicationYaml() {
        var environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new MapPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("DATABASE_URL", "postgres://u:p@h:1/d")));
        sources.addLast(new MapPropertySource("application.yaml", Map.of("spring.datasource.url", "jdbc:postgresql://x/y")));

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://h:1/d");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("u");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("p");
    }

    @Test
    void aJdbcDatabaseUrlIsLeftToApplicationYaml() {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("env", Map.of("DATABASE_URL", "jdbc:postgresql://h/d")));

        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(DatabaseUrlEnvironmentPostProcessor.SOURCE_NAME)).isFalse();
    }
}
