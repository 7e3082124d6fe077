package dev.tracehound.app;

import dev.tracehound.ingest.ProjectRateLimiter;
import dev.tracehound.platform.ProjectIngestRules;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each project's own ingest rules (PII scrub, rate limit) from PostgreSQL, and ingest's meters. */
@Configuration(proxyBeanMethods = false)
class ProjectIngestRulesConfiguration {

    @Bean
    ProjectIngestRules projectIngestRules(DataSource dataSource) {
        return new ProjectIngestRules(JdbcClient.create(dataSource));
    }

    /** Both the {@code ScrubberSource} of ingest and, through {@code rateOverride}, its rate overrides. */
    @Bean(destroyMethod = "close")
    ProjectIngestRulesSource projectIngestRulesSource(ProjectIngestRules rules, ProjectRulesProperties properties,
            IngestProperties ingest) {
        var rate = ingest.rateLimit();
        return new ProjectIngestRulesSource(rules, properties.cacheTtl(),
                new ProjectRateLimiter.Rate(rate.recordsPerSecond(), rate.burstSeconds()));
    }

    @Bean
    IngestMetering ingestMetering(MeterRegistry registry) {
        return new IngestMetering(registry);
    }
}
