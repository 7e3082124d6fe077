package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Symptom;
import java.util.List;

/**
 * The read path's cache fails over to its replica: from that minute its calls go to another
 * host, a share of them fail, and the reads that fall through to the database find it slow.
 */
final class CacheFailover implements Template {

    @Override
    public String name() {
        return "cache-failover";
    }

    @Override
    public boolean incident() {
        return true;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        var read = world.domain.read();
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        int at = world.window.incidentStart(draw);
        int length = world.window.rest(at);
        String standby = read.service() + "-redis-" + draw.pick("2", "b", "replica");
        var cache = Selector.operation(read.service(), world.cacheOp());
        world.change(new Change(cache, "server.address", "span", standby, at));
        double share = switch (difficulty) {
            case "easy" -> draw.between(0.5, 0.7, 0.05);
            case "medium" -> draw.between(0.35, 0.5, 0.05);
            default -> draw.between(0.25, 0.4, 0.05);
        };
        var failing = new Fault("errors", cache.where("span", "server.address", standby), share, at, length,
                Messages.cacheFailover(draw));
        var fallback = new Fault("latency", Selector.operation(read.service(), world.readDbOp()), draw.between(10, 20, 1), at,
                length, "");
        world.fault(failing);
        world.fault(fallback);
        Symptom symptom = draw.chance(0.5) ? Symptom.ERRORS : Symptom.SLOW;
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, symptom, Asks.subject(world, read, at, draw));
        var facts = List.of(Claims.named(read.service()),
                Fact.text("server.address=" + standby, "failover", "failed over", "fail over", "failing over"));
        var question = Asks.hunt(ask, facts, List.of(), symptom, Claims.evidence(failing));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "client-span");
    }
}
