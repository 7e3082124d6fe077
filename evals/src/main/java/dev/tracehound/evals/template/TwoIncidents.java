package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.template.Asks.Symptom;
import dev.tracehound.evals.template.Incidents.Incident;
import java.util.ArrayList;
import java.util.List;

/**
 * Two unrelated incidents on two paths, the second starting a while after the first; a correct
 * answer names both causes.
 */
final class TwoIncidents implements Template {

    private interface Start {
        Incident on(Landscape world, Draw draw, int from, int length);
    }

    /** One way to break each path, so the two incidents never share a service. */
    private static final List<List<Start>> BY_PATH = List.of(
            List.<Start>of((w, d, from, length) -> Incidents.choiceErrors(w, d, from, length, d.between(0.3, 0.5, 0.05)),
                    (w, d, from, length) -> Incidents.vendorErrors(w, d, from, length, d.between(0.4, 0.7, 0.05))),
            List.<Start>of((w, d, from, length) -> Incidents.replicaLatency(w, d, from, length, d.between(12, 20, 1))),
            List.<Start>of((w, d, from, length) -> Incidents.modelLatency(w, w.model, from, length, d.between(3, 6, 0.5))),
            List.<Start>of((w, d, from, length) -> Incidents.resourceLatency(w, d, w.domain.other(), from, length,
                            d.between(4, 8, 0.5)),
                    (w, d, from, length) -> Incidents.clientErrors(w, d, w.domain.other(), from, length,
                            d.between(0.3, 0.6, 0.05))));

    @Override
    public String name() {
        return "two-incidents";
    }

    @Override
    public boolean incident() {
        return true;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        int minutes = world.window.minutes();
        var paths = draw.sample(BY_PATH, 2);
        int firstFrom = draw.between(minutes * 25 / 100, minutes * 45 / 100);
        int secondFrom = draw.between(minutes * 50 / 100, minutes * 75 / 100);
        Incident first = draw.pick(paths.get(0)).on(world, draw, firstFrom, world.window.rest(firstFrom));
        Incident second = draw.pick(paths.get(1)).on(world, draw, secondFrom, world.window.rest(secondFrom));
        world.fault(first.fault());
        world.fault(second.fault());

        String difficulty = draw.chance(0.3) ? "medium" : "hard";
        String ask;
        if (difficulty.equals("medium")) {
            ask = Asks.sentence(first.path().things() + " are " + state(first.symptom()) + " and "
                    + second.path().things() + " are " + state(second.symptom()) + ". What's going on?");
        } else {
            ask = draw.pick("What is wrong?", "Several alerts fired in the last hour. What's going on?",
                    "Things look bad since " + world.window.when(firstFrom, draw) + ". What is wrong?",
                    "Is anything broken right now?");
        }
        var facts = new ArrayList<Fact>(first.facts());
        second.facts().stream().filter(fact -> !facts.contains(fact)).forEach(facts::add);
        var question = Asks.hunt(ask, facts, List.of(), first.symptom(), Claims.evidence(first.fault()));
        return scenario(name, seed, difficulty, world, question,
                difficulty.equals("medium") ? "asks-feature" : "asks-nothing");
    }

    private static String state(Symptom symptom) {
        return symptom == Symptom.ERRORS ? "failing" : "slow";
    }
}
