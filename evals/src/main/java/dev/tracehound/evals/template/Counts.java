package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import java.util.List;

/**
 * How many requests, how many failed ({@code counts}), or what share failed ({@code rates}): of a
 * route, or of a service's operation, over the last hour, since a time, or between two times.
 * The paths fail now and then on their own so that errors have something to count.
 */
final class Counts implements Template {

    private static final List<String> COUNT_WORDS = List.of("request", "span", "call", "count", "total");

    private final String name;
    private final List<String> measures;

    private Counts(String name, List<String> measures) {
        this.name = name;
        this.measures = measures;
    }

    static Counts counts() {
        return new Counts("counts", List.of("count", "errors"));
    }

    static Counts rates() {
        return new Counts("rates", List.of("error-rate"));
    }

    @Override
    public String name() {
        return name;
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
        var path = draw.pick(d.write(), d.read(), d.other());
        world.update(path.service(), path.operation(), op -> Ops.errorRate(op, draw.between(0.02, 0.08, 0.01)));
        var span = Span.of(world, path, draw, difficulty);
        var period = Period.of(world.window, draw, difficulty);
        String measure = draw.pick(measures);
        String ask = switch (measure) {
            case "count" -> draw.pick("How many requests did " + span.name() + " get " + period.said() + "?",
                    "How many calls to " + span.name() + " were there " + period.said() + "?",
                    "Request count for " + span.name() + " " + period.said() + "?");
            case "errors" -> draw.pick("How many requests to " + span.name() + " failed " + period.said() + "?",
                    "How many errors did " + span.name() + " have " + period.said() + "?");
            default -> draw.pick("What's the error rate of " + span.name() + " " + period.said() + "?",
                    "What share of requests to " + span.name() + " failed " + period.said() + "?");
        };
        List<String> onTopic = measure.equals("error-rate") ? List.of("%", "error", "fail", "rate") : COUNT_WORDS;
        if (measure.equals("errors")) {
            onTopic = List.of("error", "fail", "request", "count");
        }
        var fact = Claims.figure(measure, span.where(), period.from(), period.length(), tolerance(measure));
        var question = new Question(Asks.sentence(ask), measure.equals("error-rate") ? "rate" : "count", List.of(fact),
                List.<Fact>of(), onTopic, null, null);
        return scenario(name, seed, difficulty, world, question, measure);
    }

    private static double tolerance(String measure) {
        return measure.equals("count") ? 0.05 : 0.1;
    }

    /** What the question counts: a route of the edge, or the operation of the service behind it. */
    record Span(String name, Selector where) {

        static Span of(Landscape world, Domain.Path path, Draw draw, String difficulty) {
            if (difficulty.equals("easy") || draw.chance(0.5)) {
                return new Span(path.route() + " on " + world.domain.edge(),
                        Selector.operation(world.domain.edge(), path.route()));
            }
            return new Span("the " + path.operation() + " endpoint of " + path.service(),
                    Selector.operation(path.service(), path.operation()));
        }
    }

    /**
     * The minutes a question is about, and how it says them: the whole window, the last hour or
     * half hour, since a time, or between two times.
     */
    record Period(Integer from, Integer length, String said) {

        static Period of(Window window, Draw draw, String difficulty) {
            int minutes = window.minutes();
            return switch (difficulty) {
                case "easy" -> draw.chance(0.5) ? new Period(minutes - 60, 60, "in the last hour")
                        : new Period(minutes - 30, 30, "in the last 30 minutes");
                case "medium" -> {
                    int from = draw.between(minutes / 4, minutes / 2);
                    yield new Period(from, window.rest(from), "since " + window.clock(from));
                }
                default -> {
                    int from = draw.between(5, minutes / 2);
                    int length = draw.between(15, Math.min(45, minutes - from - 5));
                    yield new Period(from, length, "between " + window.clock(from) + " and " + window.clock(from + length));
                }
            };
        }
    }
}
