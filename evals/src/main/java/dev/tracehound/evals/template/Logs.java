package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Fact;
import dev.tracehound.evals.scenario.Fault;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.Selector;
import dev.tracehound.evals.template.Domain.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Find the logs that mention something: a small share of one service's spans fail for a while
 * with a distinctive message (an error code and words), and the question quotes the code, the
 * message, or only a few of its words.
 */
final class Logs implements Template {

    @Override
    public String name() {
        return "logs";
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
        String code = String.format(Locale.ROOT, "%s-%d", draw.pick("E", "ERR", "W"), draw.between(1000, 9999));
        String words = draw.pick("lock wait timeout exceeded", "certificate verify failed", "stale read detected",
                "quota almost exhausted", "message too large for queue", "checksum mismatch in payload");
        String message = code + ": " + words;
        var attribute = draw.pick(Landscape.CLIENT_ATTRIBUTES);
        world.update(path.service(), path.operation(), op -> Ops.attribute(op, attribute.key(), attribute.values()));
        String value = draw.pick(attribute.values());
        var where = Selector.operation(path.service(), path.operation()).where("span", attribute.key(), value);
        int from = draw.between(world.window.minutes() / 5, world.window.minutes() / 2);
        int length = draw.between(10, world.window.rest(from) - 5);
        world.fault(new Fault("errors", where, draw.between(0.1, 0.3, 0.05), from, length, message));

        var mustContain = new ArrayList<Fact>(List.of(Claims.named(path.service())));
        String ask = switch (difficulty) {
            case "easy" -> draw.pick("Find the logs that mention " + code + ". Which service writes them?",
                    "Where does " + code + " show up in our logs?");
            case "medium" -> {
                mustContain.add(Claims.route(path.operation()));
                yield draw.pick("Show me the logs that say \"" + words + "\". Which service and endpoint?",
                        "Find log lines mentioning \"" + words + "\" and tell me where they come from.");
            }
            default -> {
                mustContain.add(Claims.attribute(attribute.key(), value));
                String fragment = words.substring(0, words.lastIndexOf(' '));
                yield draw.pick("Did anything log \"" + fragment + "\" today? Where, and for which requests?",
                        "Someone saw \"" + fragment + "\" in the logs. Who writes that and what do those requests have in common?");
            }
        };
        var question = new Question(ask, "logs", mustContain, List.<Fact>of(),
                List.of("log", code.toLowerCase(Locale.ROOT), words.split(" ")[0]), null, null);
        return scenario(name, seed, difficulty, world, question);
    }
}
