package dev.tracehound.app;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.billing.PlanEntitlements;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.billing.stripe.StripeBilling;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.usage.UsageReports;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stripe billing ({@code tracehound.billing.*}): the one {@link StripeBilling}, and the job that
 * sends it seat quantities and overage. Without a secret key both are there but idle.
 */
@Configuration(proxyBeanMethods = false)
class BillingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BillingConfiguration.class);

    @Bean
    StripeBilling stripeBilling(BillingProperties properties, DataSource dataSource, WorkspacePlans plans,
            Memberships memberships, UsageReports usage, Entitlements entitlements) {
        var billing = new StripeBilling(properties.settings(), dataSource, plans, memberships, usage, workspace -> {
            // This instance sees the change at once; the others within their cache's 30 s.
            if (entitlements instanceof PlanEntitlements cached) {
                cached.forget(workspace);
            }
        }, Clock.systemUTC());
        if (billing.enabled()) {
            log.info("billing: Stripe at {} ({})", properties.stripe().apiBase(), properties.stripe());
        } else {
            log.info("billing: off (no tracehound.billing.stripe.secret-key); workspaces stay on their plans");
        }
        return billing;
    }

    @Bean(destroyMethod = "close")
    StripeUsageJob stripeUsageJob(StripeBilling billing, BillingProperties properties, MeterRegistry meters) {
        var job = new StripeUsageJob(billing, meters, properties.interval());
        if (billing.enabled()) {
            job.start(Duration.ofSeconds(20));
        }
        return job;
    }
}
