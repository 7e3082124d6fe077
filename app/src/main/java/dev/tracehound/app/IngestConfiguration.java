package dev.tracehound.app;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.ingest.CachedQuotaGate;
import dev.tracehound.ingest.EmbeddedStore;
import dev.tracehound.ingest.IngestStore;
import dev.tracehound.ingest.IngestLimits;
import dev.tracehound.ingest.OtlpHttpReceiver;
import dev.tracehound.ingest.OtlpIngest;
import dev.tracehound.ingest.ProjectKeys;
import dev.tracehound.ingest.ProjectRateLimiter;
import dev.tracehound.ingest.QuotaGate;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.usage.IngestQuota;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.pricing.ModelPrices;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** OTLP ingest: receivers, keys from the platform, and the store of the configured mode. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    OtlpIngest otlpIngest(IngestProperties properties, IngestStore store, QuotaGate quotaGate,
            ProjectIngestRulesSource projectRules, IngestMetering metering, ModelPrices prices) {
        // The properties come first, so an unknown tracehound.ingest.mode fails binding with the
        // allowed values instead of as a missing IngestStore.
        var rate = properties.rateLimit();
        var limiter = new ProjectRateLimiter(new ProjectRateLimiter.Rate(rate.recordsPerSecond(), rate.burstSeconds()),
                projectRules::rateOverride);
        var limits = new IngestLimits(limiter, quotaGate, properties.quota().overQuotaRetryAfter());
        return new OtlpIngest(store, prices, projectRules, limits, Clock.systemUTC(), metering);
    }

    /** Embedded mode, the default: requests are answered once their rows are in ClickHouse. */
    @Bean
    @ConditionalOnProperty(name = "tracehound.ingest.mode", havingValue = "embedded", matchIfMissing = true)
    IngestStore embeddedIngestStore(TelemetryWriter writer, IngestProperties properties) {
        return new EmbeddedStore(writer, properties.settings());
    }

    @Bean(destroyMethod = "close")
    BatchLedgerHousekeeping batchLedgerHousekeeping(TelemetryWriter writer, IngestProperties properties) {
        return new BatchLedgerHousekeeping(writer, properties.dedupDays(), Clock.systemUTC());
    }

    /**
     * Each project's spans and log records against its workspace's plan and this month's usage,
     * remembered per project and signal for the cache's time to live; with
     * {@code tracehound.ingest.quota.enabled=false}, no limit (an operator's escape hatch, and
     * bench/quota's baseline). Closed by Spring's inferred {@code close()} when it is the cached gate.
     */
    @Bean
    QuotaGate quotaGate(IngestProperties properties, ProjectDirectory projects, UsageLedger ledger,
            Entitlements entitlements) {
        if (!properties.quota().enabled()) {
            return QuotaGate.unlimited();
        }
        var plans = new PlanQuotaGate(projects, new IngestQuota(ledger, entitlements, Clock.systemUTC()));
        return new CachedQuotaGate(plans, properties.quota().cacheTtl(), properties.quota().timeout());
    }

    @Bean
    ProjectKeys projectKeys(ApiKeys apiKeys, IngestProperties properties) {
        LoadingCache<String, Optional<String>> cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(properties.keyCacheTtl())
                .build(key -> apiKeys.projectOf(key, ApiKeys.Scope.INGEST).map(UUID::toString));
        return cache::get;
    }

    /** Where key look-ups, decoding and normalising run: virtual threads, never a Netty event loop. */
    @Bean(destroyMethod = "dispose")
    Scheduler ingestScheduler() {
        return Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "ingest");
    }

    @Bean
    RouterFunction<ServerResponse> otlpHttpRoutes(
            OtlpIngest ingest, ProjectKeys keys, IngestProperties properties, Scheduler ingestScheduler) {
        return new OtlpHttpReceiver(ingest, keys, properties.settings(), ingestScheduler).routes();
    }
}
