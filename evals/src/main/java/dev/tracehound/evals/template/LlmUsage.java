package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.scenario.TelemetrySpec.Call;
import dev.tracehound.evals.scenario.TelemetrySpec.Llm;
import dev.tracehound.evals.template.Counts.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LLM tokens and cost by model. The LLM feature calls a dear model on every request and its
 * cheaper sibling on some, with the same tokens, so the dear one costs at least three times as
 * much (the price table's ratio within a family) and is the one that costs most.
 */
final class LlmUsage implements Template {

    @Override
    public String name() {
        return "llm-usage";
    }

    @Override
    public boolean incident() {
        return false;
    }

    @Override
    public Scenario make(String name, long seed) {
        var draw = new Draw(seed);
        var world = Landscape.any(draw);
        var assist = world.domain.assist();
        String difficulty = draw.pick(Scenario.DIFFICULTIES);
        var family = world.family;
        int input = draw.between(800, 2400);
        int output = draw.between(150, 500);
        world.update(assist.service(), assist.operation(), op -> Ops.server(op.name(), op.latencyMs(), op.errorRate(),
                op.attributes(), List.of(new Call(assist.service(), Landscape.llmOp(family.dear()), 1, Map.of()),
                        new Call(assist.service(), Landscape.llmOp(family.cheap()), draw.between(0.4, 0.9, 0.1), Map.of()))));
        world.put(assist.service(), Ops.llm(Landscape.llmOp(family.dear()), draw.between(700, 1500),
                new Llm(family.system(), List.of(family.dear()), input, output)));
        world.put(assist.service(), Ops.llm(Landscape.llmOp(family.cheap()), draw.between(250, 600),
                new Llm(family.system(), List.of(family.cheap()), input, output)));
        var dear = Selector.operation(assist.service(), Landscape.llmOp(family.dear()));
        var cheap = Selector.operation(assist.service(), Landscape.llmOp(family.cheap()));
        var period = Period.of(world.window, draw, difficulty);
        var mustContain = new ArrayList<Fact>();
        String ask = switch (difficulty) {
            case "easy" -> {
                mustContain.add(Claims.named(family.dear()));
                yield draw.pick("Which model costs us the most?", "Which LLM model is the most expensive for us "
                        + period.said() + "?");
            }
            case "medium" -> {
                String model = draw.pick(family.dear(), family.cheap());
                var where = model.equals(family.dear()) ? dear : cheap;
                if (draw.chance(0.5)) {
                    mustContain.add(Claims.figure("cost", where, period.from(), period.length(), 0.1));
                    yield "How much did " + model + " cost us " + period.said() + "?";
                }
                mustContain.add(Claims.figure("input-tokens", where, period.from(), period.length(), 0.1));
                yield "How many input tokens did " + model + " use " + period.said() + "?";
            }
            default -> {
                mustContain.add(Claims.named(family.dear()));
                mustContain.add(Claims.named(family.cheap()));
                mustContain.add(Claims.figure("cost", dear, period.from(), period.length(), 0.15));
                mustContain.add(Claims.figure("cost", cheap, period.from(), period.length(), 0.15));
                yield draw.pick("Break down our LLM tokens and cost by model " + period.said() + ".",
                        "What did we spend on LLMs " + period.said() + ", per model?");
            }
        };
        var question = new Question(Asks.sentence(ask), "llm-usage", mustContain, List.<Fact>of(),
                List.of("token", "cost", "$", "spend", "usd"), null, null);
        return scenario(name, seed, difficulty, world, question, "llm");
    }
}
