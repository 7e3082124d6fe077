package dev.tracehound.agent.offline;

import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import dev.tracehound.tools.ToolResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One question's investigation, replayed from the tool results it has so far: each phase plans
 * its tool calls from the results of the phases before it; the first phase whose results are
 * missing asks for them, and once every phase has its results the answer is written. Nothing is
 * remembered between model calls, so the same conversation always gives the same next step.
 *
 * <ol>
 *   <li>Spans per service, per service and version, and per time bucket (where the data is).</li>
 *   <li>If the window has no spans: the same over the last 7 days.</li>
 *   <li>(7) If the question names no service but a route or a feature: the operations named like
 *       it, and the services of the traces through them.</li>
 *   <li>A time series per service (the largest and those the question names), and per version
 *       for services that run several: where did latency or errors step up, and was there a
 *       deploy then. If nothing stepped up, the same over the 24 hours before: it may have
 *       started before the time asked and lasted.</li>
 *   <li>For the service that changed (the one asked about, else the one the question's words
 *       lead to, else the one that changed most): BubbleUp of its slow and failing spans since the
 *       change against the rest, where they sit (operation and the dependency called), its
 *       operations before and after, and BubbleUp of the services that changed with it: the cause
 *       may be on a child span of another service (a database replica, a model).</li>
 *   <li>Example traces of the slow or failing spans with the value that stands out.</li>
 *   <li>The logs of those traces and the critical path of the first.</li>
 * </ol>
 */
final class Investigation {

    /** A tool call the investigation wants, known by its label among the question's calls. */
    record PlannedCall(int phase, String label, String tool, ObjectNode arguments) {}

    /** What a finished tool call gave back. {@code data} is null when the content was no JSON. */
    record Outcome(String tool, boolean error, String content, JsonNode data, boolean cut) {

        String message() {
            String text = content.startsWith(ToolResult.ERROR_PREFIX)
                    ? content.substring(ToolResult.ERROR_PREFIX.length()) : content;
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }

    sealed interface Step {
        record Calls(String narration, List<PlannedCall> calls) implements Step {}

        record Answer(String text) implements Step {}
    }

    static final int MAX_SERIES = 8;
    static final double NOTABLE_SCORE = 0.05;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final QuestionScope scope;
    private final Hints hints;
    private final Set<String> tools;
    private final boolean finalStep;
    private final Instant now;
    private final Findings findings = new Findings();
    private final ToolResults results;
    private final Overview overview;
    private final ChangeSearch changes;
    private final Comparison comparison;
    private final Examples examples;

    /**
     * @param results   the results so far of this question's calls, by label
     * @param tools     the tools the model may call now; none on the run's last step
     */
    Investigation(Asked asked, Map<String, Outcome> results, Set<String> tools, Instant now) {
        this.scope = asked.scope();
        this.results = new ToolResults(results, findings::problem);
        this.tools = Set.copyOf(tools);
        this.finalStep = tools.isEmpty();
        this.now = now;
        findings.scope = scope;
        findings.healthCheck = asked.kind() == QuestionKind.HEALTH;
        findings.symptom = asked.measure();
        findings.analysed = scope.analysis();
        findings.data = scope.analysis();
        this.overview = new Overview(findings, this.results, scope);
        this.changes = new ChangeSearch(findings, this.results);
        this.comparison = new Comparison(findings, this.results);
        this.examples = new Examples(findings, this.results);
        this.hints = new Hints(asked, findings, this.results);
    }

    Step next() {
        if (!scope.readable()) {
            return new Step.Answer(InvestigationReport.clarify());
        }
        TimeWindow window = scope.analysis();
        Optional<Step> step = need("Looking at the spans of every service, their versions and where the data lies ("
                + InvestigationReport.window(window) + ").", overview.calls(1, "", window));
        if (step.isPresent()) {
            return step.get();
        }
        if (!overview.read("", window)) {
            return answer();
        }
        if (findings.totalSpans == 0 && window.length().compareTo(QuestionScope.LONGEST_WINDOW) < 0) {
            TimeWindow week = new TimeWindow(now.minus(QuestionScope.LONGEST_WINDOW), now);
            step = need("There are no spans in that window; looking at the last 7 days.",
                    overview.calls(2, "7d", week));
            if (step.isPresent()) {
                return step.get();
            }
            findings.widenedToWeek = true;
            findings.analysed = week;
            findings.data = week;
            if (!overview.read("7d", week)) {
                return answer();
            }
        }
        if (findings.totalSpans == 0) {
            return answer();
        }
        if (hints.apply()) {
            step = need("Finding the operations and traces named like " + String.join(" or ", hints.words().stream()
                    .map(w -> "\"" + w + "\"").toList()) + ".", hints.calls(7, findings.data));
            if (step.isPresent()) {
                return step.get();
            }
            hints.read();
        }

        step = need("Looking for a step change in the latency and errors of " + changes.services().size()
                + " services over " + InvestigationReport.window(findings.data) + ".", changes.calls(3, "", findings.data));
        if (step.isPresent()) {
            return step.get();
        }
        changes.read("", findings.data);
        changes.chooseFocus();
        boolean otherServiceChanged = findings.focus != null && !findings.mentioned.isEmpty()
                && !findings.mentioned.contains(findings.focus);
        if ((findings.focus == null || otherServiceChanged)
                && findings.data.length().compareTo(QuestionScope.DEFAULT_WINDOW) < 0 && !findings.widenedToDay) {
            // Nothing stepped up within the time asked, or not the service asked about: it may have started
            // earlier and lasted, and a quiet night before the time asked hides a step in few buckets.
            TimeWindow asked = findings.data;
            TimeWindow day = new TimeWindow(asked.to().minus(QuestionScope.DEFAULT_WINDOW), asked.to());
            String what = otherServiceChanged ? InvestigationReport.codes(findings.mentioned) + " did not step up"
                    : "Nothing stepped up";
            step = need(what + " in " + InvestigationReport.window(asked) + "; looking at the 24 hours before "
                    + InvestigationReport.time(day.to()) + " in case it started earlier.", changes.calls(4, "w", day));
            if (step.isPresent()) {
                return step.get();
            }
            findings.data = day;
            changes.read("w", day);
            changes.chooseFocus();
            if (otherServiceChanged && !findings.mentioned.contains(findings.focus)) {
                // The day shows nothing more about the service asked: keep what the time asked showed.
                findings.data = asked;
                changes.read("", asked);
                changes.chooseFocus();
            } else {
                findings.widenedToDay = !otherServiceChanged;
                findings.askedServiceChangedEarlier = otherServiceChanged;
            }
        }
        if (findings.focus == null) {
            return answer();
        }

        step = need("`" + findings.focus + "` changed at about "
                + InvestigationReport.time(Comparison.changeAt(findings))
                + ": comparing its slow or failing spans since then with the rest, and its operations before and after.",
                comparison.calls());
        if (step.isPresent()) {
            return step.get();
        }
        comparison.read();
        if (TenantSurge.wanted(findings)) {
            step = need("Nothing sets the changed spans apart: comparing the traffic per tenant since "
                    + InvestigationReport.time(Comparison.changeAt(findings)) + " with before.",
                    List.of(TenantSurge.call(5, findings)));
            if (step.isPresent()) {
                return step.get();
            }
            findings.tenantSurge = TenantSurge.read(findings, results);
        }

        step = need("Finding example traces of `" + findings.focus + "` since "
                + InvestigationReport.time(Comparison.changeAt(findings))
                + (findings.primaryCause == null ? "" : " with `" + findings.primaryCause.pair() + "`") + ".",
                examples.traceCalls());
        if (step.isPresent()) {
            return step.get();
        }
        examples.readTraces();

        step = need("Reading the logs and the critical path of the example traces.", examples.evidenceCalls());
        if (step.isPresent()) {
            return step.get();
        }
        examples.readEvidence();
        return answer();
    }

    private Step answer() {
        return new Step.Answer(InvestigationReport.write(findings));
    }

    /**
     * The calls of a phase that have no result yet: asked for now, or on the run's last step,
     * given up on (the answer says the investigation stopped early). Calls of a tool the model
     * is not offered are skipped.
     */
    private Optional<Step> need(String narration, List<PlannedCall> calls) {
        List<PlannedCall> missing = calls.stream().filter(call -> !results.has(call.label())).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (finalStep) {
            findings.incomplete = true;
            return Optional.of(answer());
        }
        List<PlannedCall> offered = missing.stream().filter(call -> tools.contains(call.tool())).toList();
        for (PlannedCall call : missing) {
            if (!tools.contains(call.tool())) {
                findings.problem("the " + call.tool() + " tool is not available, so I skipped it");
            }
        }
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step.Calls(narration, offered));
    }

    /** A tool's arguments for the spans of {@code window}. */
    static ObjectNode within(TimeWindow window) {
        return NODES.objectNode().put("from", window.from().toString()).put("to", window.to().toString());
    }
}
