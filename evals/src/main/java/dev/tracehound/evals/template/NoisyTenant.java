package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Subject;
import dev.tracehound.evals.template.Asks.Symptom;
import java.util.List;
import java.util.Map;

/**
 * One tenant floods a batch endpoint and the read path it shares with everyone slows down.
 *
 * <p>The format has no traffic that changes over time, so the flood is a change of who sends
 * the batch requests: before, they come from the other tenants; from the minute it starts, all
 * of them carry the noisy tenant. Its requests a minute go up several times while the total
 * stays, and the shared service is slow from that minute on.
 */
final class NoisyTenant implements Template {

    @Override
    public String name() {
        return "noisy-tenant";
    }

    @Override
    public boolean incident() {
        return true;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var domain = Domains.any(draw);
        var drawn = Window.draw(draw);
        // Batch requests read the shared service twice: fewer requests keep the scenario near 40k spans.
        var window = new Window(drawn.anchor(), drawn.minutes(), Math.min(drawn.requestsPerMinute(), 42));
        var world = new Landscape(domain, window, draw);
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        int from = window.incidentStart(draw);
        String noisy = draw.pick(domain.tenants());
        var quiet = domain.tenants().stream().filter(t -> !t.equals(noisy)).toList();

        var read = domain.read();
        var batchCall = new Call(read.service(), read.operation(), 1, Map.of());
        world.put(domain.edge(), Ops.server(domain.bulkRoute(), draw.between(10, 30), 0.001,
                Map.of(domain.tenantKey(), quiet), Ops.repeated(batchCall, 2)));
        world.entry(domain.edge(), domain.bulkRoute(), draw.between(0.6, 1.0, 0.1) * world.totalWeight());
        world.change(new Change(Selector.operation(domain.edge(), domain.bulkRoute()), domain.tenantKey(), "span", noisy, from));
        double factor = switch (difficulty) {
            case "easy" -> draw.between(4, 6, 0.5);
            case "medium" -> draw.between(3, 5, 0.5);
            default -> draw.between(2.5, 4, 0.5);
        };
        var fault = new Fault("latency", Selector.operation(read.service(), read.operation()), factor, from,
                window.rest(from), "");
        world.fault(fault);

        Angle angle = Asks.angle(draw, difficulty);
        var subject = Asks.subject(world, read, from, draw);
        // Whoever complains is one of the tenants the flood slows down, never the one flooding.
        subject = new Subject(subject.service(), subject.route(), subject.feature(), subject.things(), draw.pick(quiet),
                subject.since());
        String ask = Asks.phrase(draw, angle, Symptom.SLOW, subject);
        var question = Asks.hunt(ask, List.of(Claims.attribute(domain.tenantKey(), noisy), Claims.named(read.service())),
                List.of(), Symptom.SLOW, Claims.evidence(fault));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "traffic-shift");
    }
}
