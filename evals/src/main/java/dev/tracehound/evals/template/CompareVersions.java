package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.template.Domain.Path;
import java.util.List;

/**
 * Compare two versions of a service, deployed during the window. The difference is clear by
 * construction: the new version is 2 to 3 times slower (easy), fails a tenth to a quarter of
 * its requests (medium), or is 2 to 3 times faster because the old one was slow (hard).
 */
final class CompareVersions implements Template {

    @Override
    public String name() {
        return "compare-versions";
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
        Path path = draw.pick(d.write(), d.read(), d.other());
        String service = path.service();
        String before = world.version(service);
        String after = world.newVersion();
        int at = world.window.incidentStart(draw);
        world.change(new Change(Selector.service(service), "service.version", "resource", after, at));
        var older = Selector.operation(service, path.operation()).where("resource", "service.version", before);
        var newer = Selector.operation(service, path.operation()).where("resource", "service.version", after);
        String measure;
        String ask;
        switch (difficulty) {
            case "easy" -> {
                world.fault(new Fault("latency", newer, draw.between(2, 3, 0.5), at, world.window.rest(at), ""));
                measure = "p95";
                ask = draw.pick("Is " + service + " " + after + " slower than " + before + "? Compare their p95.",
                        "Compare the p95 latency of " + service + " " + before + " and " + after + ".");
            }
            case "medium" -> {
                world.fault(new Fault("errors", newer, draw.between(0.1, 0.25, 0.05), at, world.window.rest(at),
                        Messages.deployBug(draw)));
                measure = "error-rate";
                ask = draw.pick("Does " + service + " " + after + " fail more than " + before + "? Give both error rates.",
                        "Compare error rates of " + service + " before and after the " + after + " deploy.");
            }
            default -> {
                world.fault(new Fault("latency", older, draw.between(2, 3, 0.5), 0, at, ""));
                measure = "p95";
                ask = draw.pick("We shipped " + service + " " + after + " at " + world.window.clock(at)
                        + ". How does its latency compare with the version before?",
                        "Did the latest release of " + service + " change its p95? By how much?");
            }
        }
        double tolerance = 0.15;
        var mustContain = List.of(Claims.figure(measure, older, null, null, tolerance),
                Claims.figure(measure, newer, null, null, tolerance));
        var question = new Question(ask, "compare-versions", mustContain, List.<Fact>of(),
                List.of(before, after, "p95", "error", "faster", "slower", "latency"), null, null);
        return scenario(name, seed, difficulty, world, question, measure);
    }
}
