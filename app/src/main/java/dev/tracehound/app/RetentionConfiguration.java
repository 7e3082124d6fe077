package dev.tracehound.app;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.retention.Retention;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.ProjectDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deleting telemetry past its project's retention, on a schedule ({@code tracehound.retention.*}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tracehound.retention.enabled", havingValue = "true", matchIfMissing = true)
class RetentionConfiguration {

    /** Every project keeps the configured default until plans give each workspace its own. */
    @Bean
    ProjectRetention projectRetention(Entitlements entitlements, RetentionProperties properties) {
        return ProjectRetention.fromPlans(entitlements, properties.maxDays());
    }

    @Bean(destroyMethod = "close")
    RetentionJob retentionJob(ClickHouse clickHouse, ProjectDirectory projects, ProjectRetention projectRetention,
            UsageRollup usage, RetentionProperties properties, MeterRegistry meters) {
        var job = new RetentionJob(new Retention(clickHouse), projects, projectRetention, usage, meters,
                Clock.systemUTC(), properties.interval());
        job.start(properties.initialDelay());
        return job;
    }
}
