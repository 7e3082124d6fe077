package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHealth;
import dev.tracehound.analytics.query.ServiceHealthQueries;
import dev.tracehound.incidents.Observation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A project's anomaly detectors evaluated at an instant: one query for the window (each
 * service's spans, errors, p99 and error types), against the cached baseline.
 */
final class AnomalyDetectors {

    private final ServiceHealthQueries health;
    private final AnomalySettings settings;
    private final BaselineCache baselines;

    AnomalyDetectors(ServiceHealthQueries health, AnomalySettings settings) {
        this.health = health;
        this.settings = settings;
        this.baselines = new BaselineCache(health, settings);
    }

    /**
     * Per service with spans in the window or its history: an error-rate and a p99 observation,
     * and one per error type that is new or was new lately.
     */
    List<Observation> evaluate(String projectId, Instant at) {
        ProjectBaseline baseline = baselines.get(projectId, at);
        Map<String, ServiceHealth> window = new LinkedHashMap<>();
        for (ServiceHealth service : health.window(projectId, at.minus(settings.window()), at)) {
            window.put(service.service(), service);
        }
        var services = new TreeSet<>(window.keySet());
        services.addAll(baseline.services().keySet());
        var observations = new ArrayList<Observation>();
        var judge = new ServiceAnomalies(settings, at);
        for (String service : services) {
            ServiceHealth now = window.getOrDefault(service, new ServiceHealth(service, 0, 0, Double.NaN, Map.of()));
            ServiceBaseline base = baseline.services().get(service);
            observations.add(judge.errorRate(now, base));
            observations.add(judge.p99(now, base));
        }
        observations.addAll(new NewErrors(settings, at).judge(window, baseline));
        return observations;
    }
}
