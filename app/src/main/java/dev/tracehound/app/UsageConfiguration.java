package dev.tracehound.app;

import dev.tracehound.agent.session.AgentUsageByDay;
import dev.tracehound.incidents.investigate.InvestigationUsage;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.usage.StoredCounts;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.usage.AgentUsage;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageReports;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Usage metering: the roll-up of stored rows into the usage ledger, on a schedule
 * ({@code tracehound.usage.*}) and before retention deletes a day, and the reports the API serves.
 */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageLedger usageLedger(DataSource dataSource) {
        return new UsageLedger(dataSource, Clock.systemUTC());
    }

    @Bean
    UsageRollup usageRollup(ClickHouse clickHouse, UsageLedger ledger) {
        return new UsageRollup(new StoredCounts(clickHouse), ledger);
    }

    /** Tokens, sandbox minutes and investigations started, per workspace and day. */
    @Bean
    AgentUsage agentUsage(JdbcClient jdbc, DataSource dataSource) {
        return new InvestigationUsage(new AgentUsageByDay(jdbc), dataSource);
    }

    @Bean
    UsageReports usageReports(UsageLedger ledger, AgentUsage agentUsage, Entitlements entitlements,
            ProjectDirectory projects) {
        return new UsageReports(ledger, agentUsage, entitlements, projects, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "tracehound.usage.enabled", havingValue = "true", matchIfMissing = true)
    UsageJob usageJob(UsageRollup rollup, ProjectDirectory projects, UsageProperties properties, MeterRegistry meters) {
        var job = new UsageJob(rollup, projects, meters, Clock.systemUTC(), properties.interval());
        job.start(properties.initialDelay());
        return job;
    }
}
