package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Symptom;
import dev.tracehound.evals.template.Domain.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service is deployed and its new version fails or is slow from then on. Hard ones have a
 * second service deployed within minutes that broke nothing.
 */
final class DeployRegression implements Template {

    @Override
    public String name() {
        return "deploy-regression";
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
        int at = world.window.incidentStart(draw);
        Path path = draw.pick(d.write(), d.read(), d.other());
        String release = world.newVersion();
        world.change(new Change(Selector.service(path.service()), "service.version", "resource", release, at));
        var newVersion = Selector.service(path.service()).where("resource", "service.version", release);
        boolean errors = draw.chance(0.5);
        boolean easy = difficulty.equals("easy");
        var fault = errors
                ? new Fault("errors", newVersion, easy ? draw.between(0.4, 0.6, 0.05) : draw.between(0.2, 0.4, 0.05), at,
                        world.window.rest(at), Messages.deployBug(draw))
                : new Fault("latency", newVersion, easy ? draw.between(5, 8, 0.5) : draw.between(3, 5, 0.5), at,
                        world.window.rest(at), "");
        world.fault(fault);

        var mustNotClaim = new ArrayList<Fact>();
        var tags = new ArrayList<String>();
        if (difficulty.equals("hard")) {
            Path bystander = draw.pick(d.paths().stream().filter(p -> p != path).toList());
            String unrelated = world.newVersion();
            world.change(new Change(Selector.service(bystander.service()), "service.version", "resource", unrelated,
                    Math.max(1, at + draw.between(-4, 4))));
            mustNotClaim.add(Claims.version(unrelated));
            tags.add("herring-deploy");
        }
        Symptom symptom = errors ? Symptom.ERRORS : Symptom.SLOW;
        Angle angle = Asks.angle(draw, difficulty);
        tags.add(0, Asks.tag(angle));
        String ask = Asks.phrase(draw, angle, symptom, Asks.subject(world, path, at, draw));
        var question = Asks.hunt(ask, List.of(Claims.named(path.service()), Claims.version(release)), mustNotClaim,
                symptom, Claims.evidence(fault));
        return scenario(name, seed, difficulty, world, question, tags.toArray(String[]::new));
    }
}
