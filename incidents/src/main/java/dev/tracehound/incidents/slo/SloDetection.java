package dev.tracehound.incidents.slo;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Detection;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Every enabled SLO's burn-rate alerts, evaluated each {@code interval} like a rule. */
public final class SloDetection implements Detection {

    private final Slos slos;
    private final SloEvaluator evaluator;
    private final Duration interval;

    public SloDetection(Slos slos, SloEvaluator evaluator, Duration interval) {
        this.slos = slos;
        this.evaluator = evaluator;
        this.interval = interval;
    }

    @Override
    public List<Check> checks() {
        return slos.enabled().stream().map(slo -> new Check(slo.source(), slo.workspaceId(), slo.projectId(),
                        slo.spec().name(), interval, slo.spec().channelIds(),
                        slo.spec().investigate() ? Optional.of(Severity.LOW) : Optional.empty(), Map.of("slo", slo.spec().name())))
                .toList();
    }

    @Override
    public List<Observation> evaluate(Check check, Instant at) {
        UUID id = UUID.fromString(check.source().substring("slo:".length()));
        return slos.get(check.workspaceId(), check.projectId(), id)
                .filter(slo -> slo.spec().enabled())
                .map(slo -> evaluator.evaluate(slo, at))
                .orElse(List.of());
    }
}
