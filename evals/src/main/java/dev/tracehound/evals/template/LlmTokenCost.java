package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Change;
import dev.tracehound.evals.template.Asks.Angle;
import dev.tracehound.evals.template.Asks.Symptom;
import java.util.ArrayList;
import java.util.List;

/**
 * A new prompt goes out and the LLM calls that use it take several times the tokens, and the
 * cost. Hard ones have an unrelated deploy at about the same time.
 */
final class LlmTokenCost implements Template {

    @Override
    public String name() {
        return "llm-token-cost";
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
        var assist = d.assist();
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        int at = world.window.incidentStart(draw);
        String llmOp = Landscape.llmOp(world.model);
        String key = draw.pick("prompt.version", "prompt.template", "gen_ai.prompt.version");
        String prompt = assist.operation().substring(assist.operation().lastIndexOf('/') + 1);
        int release = draw.between(3, 14);
        String before = prompt + "-v" + release;
        String after = prompt + "-v" + (release + 1);
        world.update(assist.service(), llmOp, op -> Ops.attribute(op, key, List.of(before)));
        world.change(new Change(Selector.operation(assist.service(), llmOp), key, "span", after, at));
        double factor = switch (difficulty) {
            case "easy" -> draw.between(6, 8, 0.5);
            case "medium" -> draw.between(4, 6, 0.5);
            default -> draw.between(3, 4, 0.5);
        };
        var fault = new Fault("tokens", Selector.operation(assist.service(), llmOp).where("span", key, after), factor, at,
                world.window.rest(at), "");
        world.fault(fault);

        var mustNotClaim = new ArrayList<Fact>();
        var tags = new ArrayList<String>(List.of("client-span", "llm"));
        if (difficulty.equals("hard")) {
            var bystander = draw.pick(d.write(), d.read(), d.other());
            String unrelated = world.newVersion();
            world.change(new Change(Selector.service(bystander.service()), "service.version", "resource", unrelated,
                    Math.max(1, at + draw.between(-3, 3))));
            mustNotClaim.add(Claims.version(unrelated));
            tags.add("herring-deploy");
        }
        Angle angle = Asks.angle(draw, difficulty);
        tags.add(0, Asks.tag(angle));
        String ask = Asks.phrase(draw, angle, Symptom.COST, Asks.subject(world, assist, at, draw));
        var facts = List.of(Claims.attribute(key, after), Claims.named(world.model), Claims.named(assist.service()));
        var question = Asks.hunt(ask, facts, mustNotClaim, Symptom.COST, Claims.evidence(fault));
        return scenario(name, seed, difficulty, world, question, tags.toArray(String[]::new));
    }
}
