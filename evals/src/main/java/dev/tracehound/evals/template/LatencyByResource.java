package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.template.Asks.Angle;
import java.util.List;

/** One service is slow only on the instances of one zone, host, pod or node: a resource attribute. */
final class LatencyByResource implements Template {

    @Override
    public String name() {
        return "latency-resource";
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
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        int from = world.window.incidentStart(draw);
        double factor = switch (difficulty) {
            case "easy" -> draw.between(6, 12, 0.5);
            case "medium" -> draw.between(4, 8, 0.5);
            default -> draw.between(3, 5, 0.5);
        };
        var incident = Incidents.resourceLatency(world, draw, draw.pick(d.write(), d.read(), d.other()), from,
                world.window.rest(from), factor);
        world.fault(incident.fault());
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, incident.symptom(), Asks.subject(world, incident.path(), from, draw));
        var question = Asks.hunt(ask, incident.facts(), List.of(), incident.symptom(), Claims.evidence(incident.fault()));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "resource-scope");
    }
}
