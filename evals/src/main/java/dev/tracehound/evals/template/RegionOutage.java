package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Symptom;
import java.util.List;

/**
 * The write and read services run in two regions; in one of them both fail (hard: one fails,
 * the other is slow). The cause is the resource attribute {@code cloud.region}.
 */
final class RegionOutage implements Template {

    @Override
    public String name() {
        return "region-outage";
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
        String second = draw.pick(Landscape.REGIONS.stream().filter(r -> !r.equals(world.region)).toList());
        var regions = draw.chance(0.5) ? List.of(world.region, second) : List.of(second, world.region);
        for (var path : List.of(d.write(), d.read())) {
            world.instances(path.service(), draw.between(2, 3) * 2);
            world.regions(path.service(), regions);
        }
        String down = draw.pick(regions);
        int from = world.window.incidentStart(draw);
        int length = world.window.rest(from);
        double share = difficulty.equals("easy") ? draw.between(0.8, 0.95, 0.05) : draw.between(0.55, 0.8, 0.05);
        var write = new Fault("errors", Selector.service(d.write().service()).where("resource", "cloud.region", down), share,
                from, length, Messages.serviceDown(draw, d.write().service()));
        var read = difficulty.equals("hard")
                ? new Fault("latency", Selector.service(d.read().service()).where("resource", "cloud.region", down),
                        draw.between(3, 5, 0.5), from, length, "")
                : new Fault("errors", Selector.service(d.read().service()).where("resource", "cloud.region", down), share,
                        from, length, Messages.serviceDown(draw, d.read().service()));
        world.fault(write);
        world.fault(read);
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, Symptom.ERRORS, Asks.subject(world, d.write(), from, draw));
        var facts = List.of(Claims.attribute("cloud.region", down), Fact.text(d.write().service(), d.read().service()));
        var question = Asks.hunt(ask, facts, List.of(), Symptom.ERRORS, Claims.evidence(write));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "resource-scope");
    }
}
