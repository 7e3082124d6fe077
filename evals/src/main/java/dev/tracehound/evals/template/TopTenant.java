package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Domain.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which tenant is busiest or most affected. By construction one dominates: it sends half of a
 * route's requests (easy, the others a tenth each), only its requests fail (medium), or only
 * its requests are slow (hard).
 */
final class TopTenant implements Template {

    @Override
    public String name() {
        return "top-tenant";
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
        String top = draw.pick(d.tenants());
        String key = d.tenantKey();
        String who = draw.pick("customer", "tenant", key.substring(0, key.indexOf('.')));
        var route = Selector.operation(d.edge(), path.route());
        var theirs = route.where("span", key, top);
        var mustContain = new ArrayList<Fact>(List.of(Claims.attribute(key, top)));
        int from = world.window.incidentStart(draw);
        String ask = switch (difficulty) {
            case "easy" -> {
                var weighted = new ArrayList<>(d.tenants());
                for (int i = 1; i < d.tenants().size(); i++) {
                    weighted.add(top);
                }
                world.update(d.edge(), path.route(), op -> Ops.attribute(op, key, weighted));
                if (draw.chance(0.5)) {
                    mustContain.add(Claims.figure("count", theirs, null, null, 0.1));
                }
                yield draw.pick("Which " + who + " sends us the most " + path.things() + "?",
                        "Who are our busiest " + who + "s on " + path.route() + "?");
            }
            case "medium" -> {
                world.fault(new Fault("errors", theirs, draw.between(0.3, 0.6, 0.05), from, world.window.rest(from),
                        Messages.handlerError(draw)));
                yield draw.pick("Which " + who + " is most affected by errors on " + path.route() + "?",
                        "Failed " + path.things() + ": which " + who + " gets hit hardest?");
            }
            default -> {
                world.fault(new Fault("latency", theirs, draw.between(3, 6, 0.5), from, world.window.rest(from), ""));
                mustContain.add(Claims.figure("p95", theirs, from, world.window.rest(from), 0.15));
                yield draw.pick("Which " + who + " suffers most from slow " + path.things() + ", and how slow is it for them?",
                        "Is one " + who + " seeing worse latency on " + path.feature() + " than the others? What's their p95?");
            }
        };
        var onTopic = new ArrayList<String>(List.of("customer", "tenant", who));
        onTopic.addAll(d.tenants());
        var question = new Question(Asks.sentence(ask), "top-tenant", mustContain, List.<Fact>of(), onTopic, null, null);
        return scenario(name, seed, difficulty, world, question);
    }
}
