package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.Investigation.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** The results of a question's tool calls so far, by label, read with their failures noted for the answer. */
final class ToolResults {

    private final Map<String, Outcome> results;
    private final Consumer<String> problems;

    /** @param problems where what could not be read is noted, for the answer to say */
    ToolResults(Map<String, Outcome> results, Consumer<String> problems) {
        this.results = Map.copyOf(results);
        this.problems = problems;
    }

    boolean has(String label) {
        return results.containsKey(label);
    }

    /**
     * The call's result when it can be read (cut results give what they have); null when it
     * failed, with the failure noted for the answer as {@code what} could not be read.
     */
    Outcome usable(String label, String what) {
        Outcome outcome = results.get(label);
        if (outcome == null) {
            return null;
        }
        if (outcome.error() || outcome.data() == null || !outcome.data().isObject()) {
            problems.accept((what == null ? "a trace" : what) + " could not be read (" + outcome.tool() + ": "
                    + outcome.message() + ")");
            return null;
        }
        // what is null where a cut result loses nothing the answer needs (a trace's tree after its critical path).
        if (outcome.cut() && what != null) {
            problems.accept(what + " came back cut to fit; I used the part that arrived");
        }
        return outcome;
    }

    /** A time a tool wrote; null when it is none. */
    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }
}
