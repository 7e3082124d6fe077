package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Symptom;
import java.util.List;

/**
 * Something downstream is down and records nothing: either the write path's third party, seen
 * only through its callers' client spans, or the fourth path's own service, whose outage shows
 * only as failed calls in the edge.
 */
final class DependencyOutage implements Template {

    @Override
    public String name() {
        return "dependency-outage";
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
        int length = world.window.rest(from);
        Angle angle = Asks.angle(draw, difficulty);
        Question question;
        if (draw.chance(0.5)) {
            double share = difficulty.equals("easy") ? draw.between(0.85, 1, 0.05) : draw.between(0.5, 0.85, 0.05);
            var incident = Incidents.vendorErrors(world, draw, from, length, share);
            world.fault(incident.fault());
            String ask = Asks.phrase(draw, angle, Symptom.ERRORS, Asks.subject(world, d.write(), from, draw));
            question = Asks.hunt(ask, incident.facts(), List.of(), Symptom.ERRORS, Claims.evidence(incident.fault()));
            return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "client-span", "uninstrumented");
        }
        var other = d.other();
        world.fault(new Fault("outage", Selector.service(other.service()), 1, from, length,
                Messages.serviceDown(draw, other.service())));
        String ask = Asks.phrase(draw, angle, Symptom.ERRORS, Asks.subject(world, other, from, draw));
        // The service is down, so it has no spans to cite: the edge's calls to it are the evidence.
        var evidence = new Question.Evidence(true, Selector.operation(d.edge(), other.route()), from, length);
        question = Asks.hunt(ask, List.of(Claims.named(other.service())), List.of(), Symptom.ERRORS, evidence);
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "client-span", "outage");
    }
}
