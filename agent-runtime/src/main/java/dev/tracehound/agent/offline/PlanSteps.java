package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.Investigation.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The steps of an answer that needs no investigation (a count, a ranking, a trace explained): like
 * the investigation's phases, each phase asks for the calls it still lacks, and the answer is
 * written once none lacks any. It notes what could not be read, for the answer to say.
 */
final class PlanSteps {

    private final ToolResults results;
    private final Set<String> tools;
    private final boolean finalStep;
    private final Supplier<String> answer;
    private final List<String> problems = new ArrayList<>();
    private boolean incomplete;

    /**
     * @param outcomes the results so far of this question's calls, by label
     * @param tools    the tools the model may call now; none on the run's last step
     * @param answer   the answer from what has been read, for when the run must stop
     */
    PlanSteps(Map<String, Outcome> outcomes, Set<String> tools, Supplier<String> answer) {
        this.results = new ToolResults(outcomes, this::problem);
        this.tools = Set.copyOf(tools);
        this.finalStep = tools.isEmpty();
        this.answer = answer;
    }

    ToolResults results() {
        return results;
    }

    /**
     * The calls of a phase that have no result yet, asked for now; empty when every call has one
     * (or none is offered). On the run's last step the answer is written with what there is.
     */
    Optional<Step> need(String narration, List<PlannedCall> calls) {
        List<PlannedCall> missing = calls.stream().filter(call -> !results.has(call.label())).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (finalStep) {
            incomplete = true;
            return Optional.of(new Step.Answer(answer.get()));
        }
        List<PlannedCall> offered = missing.stream().filter(call -> tools.contains(call.tool())).toList();
        missing.stream().filter(call -> !tools.contains(call.tool()))
                .forEach(call -> problem("the " + call.tool() + " tool is not available, so I skipped it"));
        return offered.isEmpty() ? Optional.empty() : Optional.of(new Step.Calls(narration, offered));
    }

    void problem(String text) {
        if (!problems.contains(text)) {
            problems.add(text);
        }
    }

    /** What the answer must add about the run: what could not be read, and whether it stopped early. */
    String notes() {
        var lines = new ArrayList<String>();
        if (incomplete) {
            lines.add("I reached the run's step limit before finishing; ask again to continue.");
        }
        problems.forEach(p -> lines.add(Character.toUpperCase(p.charAt(0)) + p.substring(1) + "."));
        return lines.isEmpty() ? "" : "\n\n**Not determined**\n" + String.join("\n", lines.stream()
                .map(line -> "- " + line).toList());
    }
}
