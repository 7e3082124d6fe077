package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Counts.Period;
import dev.tracehound.evals.template.Counts.Span;
import java.util.List;

/**
 * A latency percentile of a route or an operation over some minutes; hard ones ask for a model's
 * calls or a database call, child spans the agent has to find by name.
 */
final class Percentiles implements Template {

    @Override
    public String name() {
        return "percentiles";
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
        String measure = draw.pick("p50", "p95", "p95", "p99");
        Span span;
        if (difficulty.equals("hard")) {
            span = draw.chance(0.5)
                    ? new Span(world.model + " calls", Selector.operation(d.assist().service(), Landscape.llmOp(world.model)))
                    : new Span("the " + world.readDbOp() + " queries of " + d.read().service(),
                            Selector.operation(d.read().service(), world.readDbOp()));
        } else {
            span = Span.of(world, draw.pick(d.paths()), draw, difficulty);
        }
        var period = Period.of(world.window, draw, difficulty);
        String said = measure.equals("p50") ? draw.pick("median latency", "p50") : measure;
        String ask = draw.pick("What's the " + said + " of " + span.name() + " " + period.said() + "?",
                "How slow is " + span.name() + " at " + said + " " + period.said() + "?",
                said + " for " + span.name() + " " + period.said() + ", please.");
        var fact = Claims.figure(measure, span.where(), period.from(), period.length(), 0.15);
        var question = new Question(Asks.sentence(ask), "percentile", List.of(fact), List.<Fact>of(),
                List.of("p50", "p95", "p99", "median", "ms", "second", "latency"), null, null);
        return scenario(name, seed, difficulty, world, question, measure);
    }
}
