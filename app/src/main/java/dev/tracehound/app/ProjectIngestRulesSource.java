package dev.tracehound.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.tracehound.ingest.PiiScrubber;
import dev.tracehound.ingest.ProjectRateLimiter.Rate;
import dev.tracehound.ingest.ScrubRule;
import dev.tracehound.ingest.ScrubRules;
import dev.tracehound.ingest.ScrubberSource;
import dev.tracehound.platform.ProjectIngestRules;
import dev.tracehound.platform.ProjectIngestRules.Replacement;
import dev.tracehound.platform.ProjectIngestRules.Rules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each project's stored ingest rules, as ingest uses them: its PII scrubber and its rate limit
 * override. Read through a cache, refreshed in the background; scrubbing must never stop ingest,
 * so while PostgreSQL cannot be read a project keeps its last known rules, and a project not seen
 * before gets the built-in scrub and the default rate.
 */
final class ProjectIngestRulesSource implements ScrubberSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectIngestRulesSource.class);
    private static final int MAX_PROJECTS = 100_000;

    private record Applied(PiiScrubber scrubber, Optional<Rate> rate) {
        static final Applied DEFAULTS = new Applied(PiiScrubber.builtInsOnly(), Optional.empty());
    }

    private final ProjectIngestRules store;
    private final Rate defaultRate;
    private final ExecutorService refreshes = Executors.newVirtualThreadPerTaskExecutor();
    private final LoadingCache<String, Applied> current;
    private final Cache<String, Applied> lastKnown;
    private final AtomicLong failedReads = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param defaultRate the service-wide rate, filling in whichever of rate and burst a project
     *                    leaves at the default
     */
    ProjectIngestRulesSource(ProjectIngestRules store, Duration ttl, Rate defaultRate) {
        this.store = store;
        this.defaultRate = defaultRate;
        // Refreshing (not expiring) at the TTL keeps requests from waiting on PostgreSQL; expiring
        // at twice it bounds how stale the rules of a project that was idle can be on its next request.
        this.current = Caffeine.newBuilder()
                .maximumSize(MAX_PROJECTS)
                .refreshAfterWrite(ttl)
                .expireAfterWrite(ttl.multipliedBy(2))
                .executor(refreshes)
                .build(this::load);
        this.lastKnown = Caffeine.newBuilder().maximumSize(MAX_PROJECTS).build();
    }

    @Override
    public PiiScrubber forProject(String projectId) {
        return current.get(projectId).scrubber();
    }

    /** The project's own rate limit, if it has one; for {@code ProjectRateLimiter}'s overrides. */
    Optional<Rate> rateOverride(String projectId) {
        return current.get(projectId).rate();
    }

    private Applied load(String projectId) {
        UUID id;
        try {
            id = UUID.fromString(projectId);
        } catch (IllegalArgumentException e) {
            return Applied.DEFAULTS;
        }
        Optional<Rules> rules;
        try {
            rules = store.find(id);
        } catch (RuntimeException e) {
            Applied known = lastKnown.getIfPresent(projectId);
            long failures = failedReads.incrementAndGet();
            if (failing.compareAndSet(false, true) || failures % 1000 == 0) {
                log.warn("cannot read ingest rules from PostgreSQL ({}): until it answers, each project keeps its"
                        + " last known rules, or gets the built-in PII scrub and the default rate (project {} got {};"
                        + " {} failed reads so far)", Causes.rootMessage(e), projectId,
                        known == null ? "the built-ins" : "its last known rules", failures);
            }
            return known == null ? Applied.DEFAULTS : known;
        }
        if (failing.compareAndSet(true, false)) {
            log.info("ingest rules are readable from PostgreSQL again ({} failed reads)", failedReads.get());
        }
        Applied applied = rules.map(r -> apply(projectId, r)).orElse(Applied.DEFAULTS);
        lastKnown.put(projectId, applied);
        return applied;
    }

    /* Rows written by hand may hold a rule ingest refuses; the rest of the project's rules still apply. */
    private Applied apply(String projectId, Rules rules) {
        var accepted = new ArrayList<ScrubRule>();
        for (Replacement replacement : rules.replacements()) {
            try {
                var rule = new ScrubRule(replacement.name(), replacement.pattern(), replacement.replacement());
                var candidate = new ArrayList<>(accepted);
                candidate.add(rule);
                new ScrubRules(candidate);
                accepted.add(rule);
            } catch (IllegalArgumentException e) {
                log.warn("project {}: skipping its scrub rule '{}': {}", projectId, replacement.name(), e.getMessage());
            }
        }
        var dropKeys = new HashSet<String>();
        for (String key : rules.dropAttributeKeys()) {
            try {
                new ScrubRules(List.of(), Set.of(key));
                dropKeys.add(key);
            } catch (IllegalArgumentException e) {
                log.warn("project {}: skipping its dropped attribute key: {}", projectId, e.getMessage());
            }
        }
        PiiScrubber scrubber = accepted.isEmpty() && dropKeys.isEmpty()
                ? PiiScrubber.builtInsOnly()
                : new PiiScrubber(new ScrubRules(accepted, dropKeys));
        return new Applied(scrubber, rate(projectId, rules));
    }

    private Optional<Rate> rate(String projectId, Rules rules) {
        if (rules.recordsPerSecond().isEmpty() && rules.burstSeconds().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Rate(rules.recordsPerSecond().orElse(defaultRate.recordsPerSecond()),
                    rules.burstSeconds().orElse(defaultRate.burstSeconds())));
        } catch (IllegalArgumentException e) {
            log.warn("project {}: ignoring its rate limit: {}", projectId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        refreshes.shutdownNow();
    }
}
