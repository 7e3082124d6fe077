package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Domain.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which endpoints are slowest. By construction one route's service takes 1.5 to 3 s on its own
 * while every other route stays well under a fifth of that (the LLM path calls a fast model),
 * so the slowest is slowest by far. Medium ones ask its p95 too, hard ones where its time goes.
 */
final class Slowest implements Template {

    @Override
    public String name() {
        return "slowest";
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
        Path slowest = draw.pick(d.paths());
        String llmOp = Landscape.llmOp(world.model);
        world.update(d.assist().service(), llmOp, op -> Ops.latency(op, draw.between(120, 220)));
        if (slowest == d.assist()) {
            world.update(d.assist().service(), llmOp, op -> Ops.latency(op, draw.between(1500, 3000)));
        } else {
            world.update(slowest.service(), slowest.operation(), op -> Ops.latency(op, draw.between(1500, 3000)));
        }
        var route = Selector.operation(d.edge(), slowest.route());
        var mustContain = new ArrayList<Fact>(List.of(Claims.route(slowest.route())));
        String ask = switch (difficulty) {
            case "easy" -> draw.pick("Which endpoints of " + d.edge() + " are the slowest?",
                    "What's our slowest endpoint?", "Rank our endpoints by latency.");
            case "medium" -> {
                mustContain.add(Claims.figure("p95", route, null, null, 0.15));
                yield draw.pick("Which endpoint is slowest, and what's its p95?",
                        "What's the slowest route on " + d.edge() + " and how slow is it at p95?");
            }
            default -> {
                mustContain.add(slowest == d.assist() ? Claims.named(world.model) : Claims.named(slowest.service()));
                yield draw.pick("What is our slowest endpoint, and where does its time go?",
                        "Which route is slowest and which part of it is slow?");
            }
        };
        var question = new Question(Asks.sentence(ask), "slowest", mustContain, List.<Fact>of(),
                List.of("slow", "latency", "ms", "p95", "p99", "p50", "second"), null, null);
        return scenario(name, seed, difficulty, world, question);
    }
}
