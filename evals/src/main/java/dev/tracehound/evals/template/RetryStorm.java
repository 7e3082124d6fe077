package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Symptom;
import dev.tracehound.evals.template.Domain.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls to one dependency are retried several times each, every try but the last failing: the
 * third party of the write path (client spans only) or the fourth path's service.
 */
final class RetryStorm implements Template {

    @Override
    public String name() {
        return "retry-storm";
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
        int tries = switch (difficulty) {
            case "easy" -> draw.between(4, 5);
            case "medium" -> draw.between(3, 4);
            default -> draw.between(2, 3);
        };
        boolean vendor = draw.chance(0.5);
        Path path = vendor ? d.write() : d.other();
        Selector where;
        var facts = new ArrayList<Fact>();
        if (vendor) {
            where = Selector.operation(path.service(), d.vendorOp()).where("span", "peer.service", d.vendor());
            facts.add(Claims.named(path.service()));
            facts.add(Claims.attribute("peer.service", d.vendor()));
        } else {
            where = Selector.operation(path.service(), path.operation());
            facts.add(Claims.named(path.service()));
        }
        facts.add(Claims.RETRIES);
        String target = vendor ? d.vendor() : path.service();
        var fault = new Fault("retries", where, tries, from, world.window.rest(from), Messages.retried(draw, target));
        world.fault(fault);
        Angle angle = Asks.angle(draw, difficulty);
        // The last try succeeds, so requests do not fail, they are slow; only the caller's failed
        // tries carry errors, and for a third party the caller is the service the question names.
        Symptom symptom = vendor && angle == Angle.SERVICE && draw.chance(0.5) ? Symptom.ERRORS : Symptom.SLOW;
        String ask = Asks.phrase(draw, angle, symptom, Asks.subject(world, path, from, draw));
        var question = Asks.hunt(ask, facts, List.of(), symptom, Claims.evidence(fault));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), vendor ? "client-span" : "server-span");
    }
}
