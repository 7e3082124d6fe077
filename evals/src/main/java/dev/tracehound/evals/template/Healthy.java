package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * Nothing is wrong. Medium ones have a deploy that broke nothing; hard ones a service that is
 * always slow and a path that always fails a few percent, steady all window. A correct answer
 * says it is healthy and blames none of the values a false alarm would name.
 */
final class Healthy implements Template {

    @Override
    public String name() {
        return "healthy";
    }

    @Override
    public boolean incident() {
        return false;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        var d = world.domain;
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        var tags = new ArrayList<String>();
        if (difficulty.equals("medium")) {
            var deployed = draw.pick(d.write(), d.read(), d.other());
            world.change(new Change(Selector.service(deployed.service()), "service.version", "resource", world.newVersion(),
                    world.window.incidentStart(draw)));
            tags.add("quiet-deploy");
        }
        if (difficulty.equals("hard")) {
            var slow = draw.pick(d.read(), d.other());
            world.update(slow.service(), slow.operation(), op -> Ops.latency(op, draw.between(900, 1800)));
            world.update(d.write().service(), d.write().operation(), op -> Ops.errorRate(op, draw.between(0.02, 0.04, 0.01)));
            tags.add("steady-baseline");
        }
        String ask = draw.pick("Is anything wrong right now?", "Everything OK in production?", "Any incidents going on?",
                "Should I be worried about anything right now?", "Quick health check: how are things looking?");
        var falseAlarms = new ArrayList<Fact>();
        d.choices().forEach(value -> falseAlarms.add(Claims.attribute(d.choiceKey(), value)));
        world.replicas.forEach(replica -> falseAlarms.add(Claims.attribute(world.replicaKey, replica)));
        var question = new Question(ask, "health", List.of(Claims.HEALTHY), falseAlarms,
                List.of("healthy", "nothing", "no ", "normal", "fine", "ok", "stable"), null, null);
        return scenario(name, seed, difficulty, world, question, tags.toArray(String[]::new));
    }
}
