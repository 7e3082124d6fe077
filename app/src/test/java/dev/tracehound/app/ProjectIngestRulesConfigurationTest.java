package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.ingest.PiiScrubCounts;
import dev.tracehound.ingest.ScrubberSource;
import dev.tracehound.platform.ProjectIngestRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The beans ingest injects, with the cache time's default; PostgreSQL is unreachable here on purpose. */
class ProjectIngestRulesConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Parts.class, ProjectIngestRulesConfiguration.class)
            .withPropertyValues("tracehound.ingest.rate-limit.records-per-second=100",
                    "tracehound.ingest.rate-limit.burst-seconds=2");

    @Test
    void providesTheRulesTheScrubberSourceAndTheMetering() {
        context.run(app -> {
            assertThat(app).hasSingleBean(ProjectIngestRules.class).hasSingleBean(ScrubberSource.class)
                    .hasSingleBean(ProjectIngestRulesSource.class).hasSingleBean(IngestMetering.class);
            assertThat(app.getBean(ProjectRulesProperties.class).cacheTtl()).isEqualTo(Duration.ofSeconds(30));
            String project = UUID.randomUUID().toString();
            assertThat(app.getBean(ScrubberSource.class).forProject(project).scrub("jane@example.com",
                    new PiiScrubCounts())).isEqualTo("[REDACTED:email]");
            assertThat(app.getBean(ProjectIngestRulesSource.class).rateOverride(project)).isEmpty();
        });
    }

    @Test
    void theCacheTimeCanBeSetAndMustBePositive() {
        context.withPropertyValues("tracehound.ingest.project-rules.cache-ttl=5s").run(app ->
                assertThat(app.getBean(ProjectRulesProperties.class).cacheTtl()).isEqualTo(Duration.ofSeconds(5)));
        context.withPropertyValues("tracehound.ingest.project-rules.cache-ttl=0s").run(app ->
                assertThat(app).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ProjectRulesProperties.class, IngestProperties.class})
    static class Parts {

        @Bean
        DataSource dataSource() {
            return new SimpleDriverDataSource(new org.postgresql.Driver(),
                    "jdbc:postgresql://127.0.0.1:1/tracehound?connectTimeout=2", "tracehound", "tracehound");
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
