package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.template.Asks.Angle;
import java.util.ArrayList;
import java.util.List;

/** A share of one service's requests fail, all where one attribute has one value. */
final class ErrorSpike implements Template {

    @Override
    public String name() {
        return "error-spike";
    }

    @Override
    public boolean incident() {
        return true;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        int from = world.window.incidentStart(draw);
        double share = switch (difficulty) {
            case "easy" -> draw.between(0.45, 0.7, 0.05);
            case "medium" -> draw.between(0.3, 0.5, 0.05);
            default -> draw.between(0.2, 0.35, 0.05);
        };
        var incident = Incidents.attributeErrors(world, draw, from, world.window.rest(from), share);
        world.fault(incident.fault());
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, incident.symptom(), Asks.subject(world, incident.path(), from, draw));
        var question = Asks.hunt(ask, incident.facts(), List.of(), incident.symptom(), Claims.evidence(incident.fault()));
        var tags = new ArrayList<>(List.of(Asks.tag(angle)));
        if (incident.resourceScope()) {
            tags.add("resource-scope");
        }
        return scenario(name, seed, difficulty, world, question, tags.toArray(String[]::new));
    }
}
