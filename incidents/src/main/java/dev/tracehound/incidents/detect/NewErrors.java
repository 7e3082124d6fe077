package dev.tracehound.incidents.detect;

import dev.tracehound.analytics.query.ServiceHealth;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.Words;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Error types a service has not had before. A type seen in the window breaches (LOW) when the
 * service's history had none of it and is at least {@link #MIN_HISTORY} long before it appeared,
 * or when it first appeared less than {@link #NEW_FOR} ago. It is healthy once no longer seen, or
 * once it is older than that; recently new types are observed for {@link #RESOLVE_FOR} more, so an
 * alert on them resolves without anyone remembering it.
 */
final class NewErrors {

    static final String SOURCE = "anomaly:new-error";
    static final Duration MIN_HISTORY = Duration.ofHours(6);
    static final Duration NEW_FOR = Duration.ofHours(1);
    static final Duration RESOLVE_FOR = Duration.ofHours(2);

    private final AnomalySettings settings;
    private final Instant at;
    private final Instant windowStart;

    NewErrors(AnomalySettings settings, Instant at) {
        this.settings = settings;
        this.at = at;
        this.windowStart = at.minus(settings.window());
    }

    List<Observation> judge(Map<String, ServiceHealth> window, ProjectBaseline baseline) {
        var observations = new ArrayList<Observation>();
        var services = new TreeMap<String, Map<String, Instant>>(baseline.errorTypes());
        window.keySet().forEach(s -> services.putIfAbsent(s, Map.of()));
        for (var entry : services.entrySet()) {
            String service = entry.getKey();
            ServiceBaseline history = baseline.services().get(service);
            Map<String, Long> seen = window.containsKey(service) ? window.get(service).errorTypes() : Map.of();
            var types = new TreeMap<String, Instant>(entry.getValue());
            seen.keySet().forEach(type -> types.putIfAbsent(type, windowStart));
            for (var type : types.entrySet()) {
                Instant first = type.getValue();
                if (first.isBefore(windowStart.minus(NEW_FOR).minus(RESOLVE_FOR))) {
                    continue;
                }
                if (history == null || history.historyStart().plus(MIN_HISTORY).isAfter(first)) {
                    continue;
                }
                long count = seen.getOrDefault(type.getKey(), 0L);
                boolean breaching = count > 0 && !first.isBefore(windowStart.minus(NEW_FOR));
                observations.add(observation(service, type.getKey(), breaching, count, first));
            }
        }
        return observations;
    }

    private Observation observation(String service, String type, boolean breaching, long count, Instant first) {
        String since = first.isBefore(windowStart) ? "first seen at " + Words.time(first) : "not seen in the "
                + Words.length(settings.baseline()) + " before";
        String summary = breaching
                ? count + " " + service + " span" + (count == 1 ? "" : "s") + " failed with " + type + " in the "
                        + Words.length(settings.window()) + " before " + Words.time(at) + ", an error type " + since + "."
                : count == 0
                        ? service + " has had no " + type + " error in the " + Words.length(settings.window())
                                + " before " + Words.time(at) + "."
                        : type + " in " + service + " is no longer new: " + since + ".";
        return new Observation(SOURCE, service + "|" + type,
                Map.of("alertname", "New error type", "service", service, "error_type", type),
                breaching ? Verdict.BREACHING : Verdict.HEALTHY, Severity.LOW, count, Double.NaN, count, summary);
    }
}
