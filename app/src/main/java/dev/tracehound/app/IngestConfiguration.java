package dev.tracehound.app;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.ingest.CachedQuotaGate;
import dev.tracehound.ingest.IngestLimits;
import dev.tracehound.ingest.LlmPrices;
import dev.tracehound.ingest.OtlpHttpReceiver;
import dev.tracehound.ingest.OtlpIngest;
import dev.tracehound.ingest.ProjectKeys;
import dev.tracehound.ingest.ProjectRateLimiter;
import dev.tracehound.ingest.QuotaGate;
import dev.tracehound.ingest.ScrubberSource;
import dev.tracehound.platform.ApiKeys;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** OTLP ingest in embedded mode: receivers, keys from the platform, storage in ClickHouse. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean(destroyMethod = "close")
    OtlpIngest otlpIngest(TelemetryWriter writer, IngestProperties properties, QuotaGate quotaGate) {
        Map<String, LlmPrices.Price> prices = properties.llmPrices() == null ? Map.of() : properties.llmPrices();
        var rate = properties.rateLimit();
        var limits = new IngestLimits(new ProjectRateLimiter(rate.recordsPerSecond(), rate.burstSeconds()), quotaGate,
                properties.quota().overQuotaRetryAfter());
        // Per-project rules come with the platform's project settings; until then the built-ins apply.
        return new OtlpIngest(writer, new LlmPrices(prices), ScrubberSource.builtInsOnly(), limits,
                properties.settings(), Clock.systemUTC());
    }

    /** Plans and entitlements come with the platform; until then no project has a quota. */
    @Bean(destroyMethod = "close")
    CachedQuotaGate quotaGate(IngestProperties properties) {
        return new CachedQuotaGate(QuotaGate.unlimited(), properties.quota().cacheTtl(), properties.quota().timeout());
    }

    @Bean
    ProjectKeys projectKeys(ApiKeys apiKeys, IngestProperties properties) {
        LoadingCache<String, Optional<String>> cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(properties.keyCacheTtl())
                .build(key -> apiKeys.projectOf(key).map(UUID::toString));
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
