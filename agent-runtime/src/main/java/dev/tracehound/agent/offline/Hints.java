package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * For a question that names no service but a route, a feature or a symptom ("orders started
 * failing", "why are the search pages slow?"): the operations whose names hold its words, and the
 * services of the traces that go through them. The service that changed among those is the one
 * to look into, even when it is not the one whose name the route bears (a slow database behind
 * the page).
 */
final class Hints {

    private static final int WORDS = 3;

    private final Findings findings;
    private final ToolResults results;
    private final List<String> words;

    Hints(Asked asked, Findings findings, ToolResults results) {
        this.findings = findings;
        this.results = results;
        var chosen = new ArrayList<String>();
        asked.route().ifPresent(route -> chosen.add(route.substring(route.indexOf(' ') + 1)));
        asked.topicWords().stream().filter(w -> !chosen.contains(w)).forEach(chosen::add);
        this.words = List.copyOf(chosen.stream().limit(WORDS).toList());
    }

    /** Whether the question has words to look for and names no service itself. */
    boolean apply() {
        return !words.isEmpty() && findings.mentioned.isEmpty();
    }

    List<String> words() {
        return words;
    }

    List<PlannedCall> calls(int phase, TimeWindow window) {
        var calls = new ArrayList<PlannedCall>();
        for (int i = 0; i < words.size(); i++) {
            var operations = within(window).put("text", words.get(i));
            operations.putArray("group_by").add("service").add("operation");
            operations.put("limit", 10);
            calls.add(new PlannedCall(phase, "hintops" + i, "aggregate", operations));
            calls.add(new PlannedCall(phase, "hinttraces" + i, "trace_search",
                    within(window).put("text", words.get(i)).put("limit", 20)));
        }
        return calls;
    }

    void read() {
        findings.hinted.clear();
        findings.hintOperations.clear();
        findings.hintWords.clear();
        findings.hintWords.addAll(words);
        Map<String, Integer> traces = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            Outcome operations = results.usable("hintops" + i, "the operations named like \"" + words.get(i) + "\"");
            if (operations != null) {
                var named = new ArrayList<String>();
                for (JsonNode group : operations.data().path("groups")) {
                    String operation = group.path("key").path("operation").asString("");
                    String service = group.path("key").path("service").asString("");
                    if (!operation.isEmpty() && named.size() < 3) {
                        named.add("`" + operation + "` (`" + service + "`)");
                    }
                }
                if (!named.isEmpty()) {
                    findings.hintOperations.put(words.get(i), named);
                }
            }
            Outcome found = results.usable("hinttraces" + i, "the traces named like \"" + words.get(i) + "\"");
            if (found != null) {
                for (JsonNode trace : found.data().path("traces")) {
                    trace.path("services").forEach(s -> traces.merge(s.asString(""), 1, Integer::sum));
                }
            }
        }
        traces.remove("");
        traces.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).forEach(findings.hinted::add);
    }

    /**
     * The change among the hinted services that shows the symptom asked about, the most severe
     * first; null when none of them changed.
     */
    static String focus(Findings findings) {
        return findings.hinted.stream().filter(findings.changes::containsKey)
                .max(Comparator.comparing((String s) -> shows(findings, findings.changes.get(s)))
                        .thenComparingDouble(s -> findings.changes.get(s).severity())
                        .thenComparing(Comparator.<String>reverseOrder()))
                .orElse(null);
    }

    /** Whether a change shows the symptom the question names (any change does when it names none). */
    static boolean shows(Findings findings, SeriesChange.Change change) {
        return switch (findings.symptom) {
            case "errors" -> change.failing();
            case "latency" -> change.slower();
            default -> true;
        };
    }
}
