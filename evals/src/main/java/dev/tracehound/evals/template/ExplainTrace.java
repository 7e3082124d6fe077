package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import java.util.List;

/**
 * Explain one trace: an ordinary one through the write path (easy), one that failed because of
 * an attribute value (medium, the whole window fails there), or one that was slow because of a
 * database replica (hard, the whole window is slow there).
 */
final class ExplainTrace implements Template {

    @Override
    public String name() {
        return "explain-trace";
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
        int minutes = world.window.minutes();
        Selector trace;
        String ask;
        List<Fact> mustContain;
        List<String> onTopic;
        switch (difficulty) {
            case "easy" -> {
                trace = Selector.operation(d.write().service(), d.write().operation());
                ask = draw.pick("Explain trace {trace}.", "What happens in trace {trace}?", "Walk me through trace {trace}.");
                mustContain = List.of(Claims.named(d.edge()), Claims.named(d.write().service()),
                        Claims.attribute("peer.service", d.vendor()));
                onTopic = List.of(d.edge(), d.write().service(), d.vendor());
            }
            case "medium" -> {
                String value = draw.pick(d.choices());
                trace = Selector.operation(d.write().service(), d.write().operation()).where("span", d.choiceKey(), value);
                world.fault(new Fault("errors", trace, 1, 0, minutes, Messages.upstreamError(draw, value)));
                ask = draw.pick("Why did trace {trace} fail?", "Trace {trace} returned an error. What went wrong?");
                mustContain = List.of(Claims.named(d.write().service()), Claims.attribute(d.choiceKey(), value));
                onTopic = List.of(d.edge(), d.write().service(), "error", "fail");
            }
            default -> {
                String replica = draw.pick(world.replicas);
                var read = d.read();
                world.update(read.service(), read.operation(), op -> Ops.callProbability(op, world.readDbOp(), 1));
                trace = Selector.operation(read.service(), world.readDbOp()).where("span", world.replicaKey, replica);
                world.fault(new Fault("latency", trace, draw.between(40, 60, 5), 0, minutes, ""));
                ask = draw.pick("Why was trace {trace} so slow?", "Trace {trace} took ages. Where did the time go?");
                mustContain = List.of(Claims.named(read.service()), Claims.attribute(world.replicaKey, replica));
                onTopic = List.of(d.edge(), read.service(), "slow", "ms");
            }
        }
        var question = new Question(ask, "trace", mustContain, List.<Fact>of(), onTopic, null, trace);
        return scenario(name, seed, difficulty, world, question);
    }
}
