package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.template.Asks.Angle;
import java.util.List;

/**
 * One of three database replicas behind the read path is slow: the cause is an attribute of a
 * client span, two levels below the request's root.
 */
final class SlowReplica implements Template {

    @Override
    public String name() {
        return "slow-replica";
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
        // The format gives a database call no latency of its own, so it answers in milliseconds:
        // a replica has to be ten times slower and more before anyone waits on it.
        double factor = switch (difficulty) {
            case "easy" -> draw.between(20, 30, 1);
            case "medium" -> draw.between(12, 20, 1);
            default -> draw.between(8, 12, 1);
        };
        var incident = Incidents.replicaLatency(world, draw, from, world.window.rest(from), factor);
        world.fault(incident.fault());
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, incident.symptom(), Asks.subject(world, incident.path(), from, draw));
        var question = Asks.hunt(ask, incident.facts(), List.of(), incident.symptom(), Claims.evidence(incident.fault()));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "client-span");
    }
}
