package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Detection;
import dev.tracehound.incidents.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A detection whose checks and observations the test sets, and which records every evaluation: our own
 * seam's test double (the real detectors are exercised by the lead's end-to-end test).
 */
final class ScriptedDetection implements Detection {

    record Evaluation(String source, Instant at) {}

    private final List<Check> checks = new CopyOnWriteArrayList<>();
    private final Map<String, List<Observation>> next = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final List<Evaluation> evaluations = new CopyOnWriteArrayList<>();

    void add(Check check) {
        checks.add(check);
        next.put(check.source(), List.of());
    }

    /** What the check sees from now on, until set again. */
    void sees(Check check, Observation... observations) {
        next.put(check.source(), List.of(observations));
    }

    void failsOn(Check check, RuntimeException failure) {
        failures.put(check.source(), failure);
    }

    List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    long evaluationsOf(Check check) {
        return evaluations.stream().filter(e -> e.source().equals(check.source())).count();
    }

    @Override
    public List<Check> checks() {
        return List.copyOf(checks);
    }

    @Override
    public List<Observation> evaluate(Check check, Instant at) {
        evaluations.add(new Evaluation(check.source(), at));
        RuntimeException failure = failures.get(check.source());
        if (failure != null) {
            throw failure;
        }
        return next.getOrDefault(check.source(), List.of());
    }
}
