package dev.tracehound.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a cache and a deadline in front of the platform's quota check. Ingest must not stall
 * because billing is slow: a check that fails or takes longer than {@code timeout} lets the
 * request through, and is counted, so the lapse shows. A verdict is remembered per project and
 * signal for {@code ttl}, so the ingest path reads no database per request.
 */
public final class CachedQuotaGate implements QuotaGate, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CachedQuotaGate.class);

    private record Key(String projectId, Signal signal) {}

    private record Cached(Verdict verdict, long expiresAt) {}

    private final QuotaGate delegate;
    private final long ttlNanos;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong failedOpen = new AtomicLong();

    public CachedQuotaGate(QuotaGate delegate, Duration ttl, Duration timeout) {
        this(delegate, ttl, timeout, System::nanoTime);
    }

    CachedQuotaGate(QuotaGate delegate, Duration ttl, Duration timeout, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.timeout = timeout;
        this.nanoTime = nanoTime;
    }

    @Override
    public Verdict check(String projectId, Signal signal) {
        long now = nanoTime.getAsLong();
        var key = new Key(projectId, signal);
        Cached cached = cache.get(key);
        if (cached != null && cached.expiresAt() - now > 0) {
            return cached.verdict();
        }
        Verdict verdict;
        try {
            verdict = CompletableFuture.supplyAsync(() -> delegate.check(projectId, signal), checks)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failOpen(projectId, e);
        } catch (Exception e) {
            return failOpen(projectId, e);
        }
        cache.put(key, new Cached(verdict, now + ttlNanos));
        return verdict;
    }

    /** How many checks let a request through because the quota service failed or was slow. */
    long failedOpen() {
        return failedOpen.get();
    }

    private Verdict failOpen(String projectId, Exception e) {
        long count = failedOpen.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            log.warn("quota check for project {} failed ({}); letting requests through ({} times so far)", projectId,
                    e.getClass().getSimpleName(), count);
        }
        return Verdict.ALLOWED;
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
