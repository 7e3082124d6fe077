package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Domain.Path;
import dev.tracehound.evals.template.Incidents.Incident;
import java.util.List;

/**
 * An incident with something next to it that looks like its cause and is not: another service
 * deployed at the same minute, an experiment switched on at the same minute on the same spans,
 * or a service that is slow all the time; one template for each. A correct answer does not
 * blame it.
 */
final class RedHerring implements Template {

    private final String herring;

    private RedHerring(String herring) {
        this.herring = herring;
    }

    static RedHerring deploy() {
        return new RedHerring("deploy");
    }

    static RedHerring correlation() {
        return new RedHerring("correlation");
    }

    static RedHerring alwaysSlow() {
        return new RedHerring("always-slow");
    }

    @Override
    public String name() {
        return "red-herring-" + herring;
    }

    @Override
    public String category() {
        return "red-herring";
    }

    @Override
    public boolean incident() {
        return true;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        var d = world.domain;
        int from = world.window.incidentStart(draw);
        int length = world.window.rest(from);
        Incident incident = switch (draw.between(0, 2)) {
            case 0 -> Incidents.choiceErrors(world, draw, from, length, draw.between(0.25, 0.5, 0.05));
            case 1 -> Incidents.resourceLatency(world, draw, draw.pick(d.write(), d.read()), from, length,
                    draw.between(4, 8, 0.5));
            default -> Incidents.replicaLatency(world, draw, from, length, draw.between(12, 20, 1));
        };
        world.fault(incident.fault());
        Path path = incident.path();
        List<Path> bystanders = d.paths().stream().filter(p -> !p.service().equals(path.service())).toList();

        Fact decoy;
        String difficulty;
        switch (herring) {
            case "deploy" -> {
                Path bystander = draw.pick(bystanders);
                String release = world.newVersion();
                world.change(new Change(Selector.service(bystander.service()), "service.version", "resource", release,
                        Math.max(1, from + draw.between(-2, 1))));
                decoy = Claims.version(release);
                difficulty = draw.pick("medium", "hard");
            }
            case "correlation" -> {
                // An experiment switched on for every span of the same operation at the same minute:
                // it moves with the incident in time, but within the incident only the real cause tells
                // failing spans from the others.
                String key = draw.pick("experiment.variant", "feature_flag.variant", "ab.bucket");
                String experiment = draw.pick("fastpath", "newui", "ranker2", "promo7", "lean-json");
                world.update(path.service(), path.operation(), op -> Ops.attribute(op, key, List.of(experiment + "-a")));
                world.change(new Change(Selector.operation(path.service(), path.operation()), key, "span",
                        experiment + "-b", from));
                decoy = Claims.attribute(key, experiment + "-b");
                difficulty = "hard";
            }
            default -> {
                Path slowPath = draw.pick(bystanders.stream().filter(p -> p != d.assist()).toList());
                world.update(slowPath.service(), slowPath.operation(), op -> Ops.latency(op, draw.between(900, 1800)));
                decoy = Claims.named(slowPath.service());
                difficulty = draw.pick("easy", "medium");
            }
        }
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, incident.symptom(), Asks.subject(world, path, from, draw));
        var question = Asks.hunt(ask, incident.facts(), List.of(decoy), incident.symptom(),
                Claims.evidence(incident.fault()));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "herring-" + herring);
    }
}
