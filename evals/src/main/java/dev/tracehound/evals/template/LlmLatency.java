package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.template.Asks.Angle;
import java.util.List;
import java.util.Map;

/**
 * The LLM provider slows down: the model's calls, child spans of the LLM feature, take several
 * times as long. From medium on the feature calls two models and only one of them is slow.
 */
final class LlmLatency implements Template {

    @Override
    public String name() {
        return "llm-latency";
    }

    @Override
    public boolean incident() {
        return true;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        var assist = world.domain.assist();
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        int from = world.window.incidentStart(draw);
        String slow = world.model;
        if (!difficulty.equals("easy")) {
            var second = draw.pick(Landscape.FAMILIES.stream().filter(f -> !f.equals(world.family)).toList());
            String other = draw.pick(second.dear(), second.cheap());
            world.put(assist.service(), Ops.llm(Landscape.llmOp(other), draw.between(500, 1200), world.llm(other)));
            world.update(assist.service(), assist.operation(), op -> Ops.call(op,
                    new Call(assist.service(), Landscape.llmOp(other), draw.between(0.5, 1, 0.1), Map.of())));
            slow = draw.pick(world.model, other);
        }
        double factor = switch (difficulty) {
            case "easy" -> draw.between(5, 8, 0.5);
            case "medium" -> draw.between(3, 6, 0.5);
            default -> draw.between(3, 4.5, 0.5);
        };
        var incident = Incidents.modelLatency(world, slow, from, world.window.rest(from), factor);
        world.fault(incident.fault());
        Angle angle = Asks.angle(draw, difficulty);
        String ask = Asks.phrase(draw, angle, incident.symptom(), Asks.subject(world, assist, from, draw));
        var question = Asks.hunt(ask, incident.facts(), List.of(), incident.symptom(), Claims.evidence(incident.fault()));
        return scenario(name, seed, difficulty, world, question, Asks.tag(angle), "client-span", "llm");
    }
}
