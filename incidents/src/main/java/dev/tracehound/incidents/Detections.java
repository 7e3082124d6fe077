package dev.tracehound.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Several kinds of detection watched as one: rules and anomaly detectors, SLOs. */
public final class Detections implements Detection {

    private final List<Detection> parts;
    /** Which part listed each source last; a check is evaluated by the part that listed it. */
    private final Map<String, Detection> owners = new ConcurrentHashMap<>();

    private Detections(List<Detection> parts) {
        this.parts = List.copyOf(parts);
    }

    public static Detection of(Detection... parts) {
        return new Detections(List.of(parts));
    }

    @Override
    public List<Check> checks() {
        var all = new ArrayList<Check>();
        for (Detection part : parts) {
            for (Check check : part.checks()) {
                owners.put(check.source(), part);
                all.add(check);
            }
        }
        return all;
    }

    @Override
    public List<Observation> evaluate(Check check, Instant at) {
        Detection owner = owners.get(check.source());
        if (owner == null) {
            throw new IllegalArgumentException("no detection lists the check " + check.source());
        }
        return owner.evaluate(check, at);
    }

    /** Each part evaluates the checks it listed together; what none of them evaluated is left out. */
    @Override
    public Map<Check, List<Observation>> evaluateAll(List<Check> checks, Instant at) {
        var byOwner = new LinkedHashMap<Detection, List<Check>>();
        for (Check check : checks) {
            Detection owner = owners.get(check.source());
            if (owner != null) {
                byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(check);
            }
        }
        var seen = new LinkedHashMap<Check, List<Observation>>();
        byOwner.forEach((owner, owned) -> seen.putAll(owner.evaluateAll(owned, at)));
        return seen;
    }
}
