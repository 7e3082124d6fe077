package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHealthQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each project's baseline, read again at most every {@link #REFRESH}: the history is a day of
 * windows, which a quarter of an hour barely changes, so an evaluation each minute reads only
 * its own window. A project whose history is younger than the baseline is read at each evaluation
 * (its read is cheap, and each new window counts), so a new service is judged as soon as it has
 * enough windows. The history ends at the window boundary before the evaluated window, so the
 * windows it is made of are whole.
 */
final class BaselineCache {

    static final Duration REFRESH = Duration.ofMinutes(15);
    private static final int MAX_PROJECTS = 10_000;

    private final ServiceHealthQueries health;
    private final AnomalySettings settings;
    private final Map<String, ProjectBaseline> baselines = new ConcurrentHashMap<>();

    BaselineCache(ServiceHealthQueries health, AnomalySettings settings) {
        this.health = health;
        this.settings = settings;
    }

    /** The baseline for an evaluation at {@code at}, read again when older than {@link #REFRESH} or read for a later instant. */
    ProjectBaseline get(String projectId, Instant at) {
        ProjectBaseline cached = baselines.get(projectId);
        if (cached != null && !at.isBefore(cached.readAt()) && !cached.young(settings.window())
                && Duration.between(cached.readAt(), at).compareTo(REFRESH) < 0) {
            return cached;
        }
        long window = settings.window().toSeconds();
        Instant to = Instant.ofEpochSecond(Math.floorDiv(at.minus(settings.window()).getEpochSecond(), window) * window);
        Instant from = to.minus(settings.baseline());
        ProjectBaseline read = ProjectBaseline.of(at, health.history(projectId, from, to, settings.window()),
                settings.minVolume());
        if (baselines.size() >= MAX_PROJECTS) {
            baselines.values().removeIf(b -> Duration.between(b.readAt(), at).compareTo(REFRESH.multipliedBy(4)) > 0);
        }
        baselines.put(projectId, read);
        return read;
    }
}
