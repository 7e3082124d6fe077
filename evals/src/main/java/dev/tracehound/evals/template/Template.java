package dev.tracehound.evals.template;

import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind of scenario, made anew from any seed: the seed picks the domain, names, scopes,
 * magnitudes, times and phrasing; the template fixes the mechanics and what a correct answer
 * says.
 */
interface Template {

    String name();

    /** The kind of incident or question its scenarios are: the template's name unless several make one kind. */
    default String category() {
        return name();
    }

    /** Whether it asks to find what went wrong, rather than a count, a usage or a health question. */
    boolean incident();

    Scenario make(String name, long seed);

    /** The scenario with its tags: the difficulty, {@code incident} or {@code question}, and any others. */
    default Scenario scenario(String name, long seed, String difficulty, Landscape world, Question question,
            String... tags) {
        var all = new ArrayList<String>(List.of(difficulty, incident() ? "incident" : "question"));
        all.addAll(List.of(tags));
        return new Scenario(name, name(), seed, all, category(), world.window.anchor(), world.spec(), List.of(question));
    }
}
