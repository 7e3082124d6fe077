package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.NODES;
import static dev.tracehound.agent.offline.Investigation.within;

import dev.tracehound.agent.offline.Findings.Cause;
import dev.tracehound.agent.offline.Findings.LogLine;
import dev.tracehound.agent.offline.Findings.SpanLine;
import dev.tracehound.agent.offline.Findings.TraceExample;
import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.QuestionScope.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Phases 5 and 6, the evidence: example traces of the slow or failing spans with the value that
 * stands out, then the logs of those traces and the critical path of the first.
 */
final class Examples {

    private static final int EXAMPLES = 5;

    private final Findings findings;
    private final ToolResults results;

    Examples(Findings findings, ToolResults results) {
        this.findings = findings;
        this.results = results;
    }

    // ---- phase 5: example traces

    List<PlannedCall> traceCalls() {
        var calls = new ArrayList<PlannedCall>();
        Optional<Cause> cause = Optional.ofNullable(findings.primaryCause);
        var since = new TimeWindow(Comparison.changeAt(findings), findings.data.to());
        // The cause may be on the spans of a service that changed with the focus: the examples are its spans then.
        String service = cause.map(Cause::service).orElse(findings.focus);
        double threshold = findings.coChanged.getOrDefault(service, findings.slowThresholdMs);
        SeriesChange.Change change = findings.changes.getOrDefault(service, findings.change);
        if (change.slower()) {
            var slow = within(since).put("service", service).put("min_duration_ms", threshold);
            cause.ifPresent(c -> slow.set("attributes", condition(c)));
            slow.put("sort", "duration").put("limit", EXAMPLES);
            calls.add(new PlannedCall(5, "exslow", "trace_search", slow));
        }
        if (change.failing()) {
            var failed = within(since).put("service", service).put("status", "error");
            cause.ifPresent(c -> failed.set("attributes", condition(c)));
            failed.put("limit", EXAMPLES);
            calls.add(new PlannedCall(5, "exerrors", "trace_search", failed));
        }
        return calls;
    }

    void readTraces() {
        var found = new ArrayList<TraceExample>();
        String with = findings.primaryCause == null ? "" : " with " + findings.primaryCause.pair();
        for (String label : List.of("exslow", "exerrors")) {
            if (!results.has(label)) {
                continue;
            }
            Outcome outcome = results.usable(label, "the example traces");
            if (outcome == null) {
                continue;
            }
            for (JsonNode trace : outcome.data().path("traces")) {
                var example = example(trace, label.equals("exslow") ? "slow" + with : "failing" + with);
                if (example != null && found.stream().noneMatch(e -> e.traceId().equals(example.traceId()))) {
                    found.add(example);
                }
            }
        }
        // Examples of the search first (they match the cause); those BubbleUp gave are kept after them.
        var merged = new ArrayList<>(found);
        for (TraceExample example : findings.examples) {
            if (merged.stream().noneMatch(e -> e.traceId().equals(example.traceId()))) {
                merged.add(example);
            }
        }
        findings.examples.clear();
        findings.examples.addAll(merged);
    }

    /** Adds a trace a tool gave as an example, unless it is known already. */
    static void add(Findings findings, JsonNode trace, String why) {
        TraceExample example = example(trace, why);
        if (example != null && findings.examples.stream().noneMatch(e -> e.traceId().equals(example.traceId()))) {
            findings.examples.add(example);
        }
    }

    private static ArrayNode condition(Cause cause) {
        ArrayNode conditions = NODES.arrayNode();
        ObjectNode condition = conditions.addObject().put("key", cause.key()).put("value", cause.value());
        if (cause.resource()) {
            condition.put("scope", "resource");
        }
        return conditions;
    }

    /** A trace as trace_search or bubbleup list it; empty when it has no valid id. */
    static Optional<TraceExample> found(JsonNode trace) {
        return Optional.ofNullable(example(trace, ""));
    }

    private static TraceExample example(JsonNode trace, String why) {
        String id = trace.path("trace_id").asString("");
        if (!id.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return new TraceExample(id.toLowerCase(Locale.ROOT), trace.path("root_service").asString(""),
                trace.path("root_operation").asString(""), trace.path("duration_ms").asDouble(0),
                trace.path("error_count").asLong(0), why);
    }

    // ---- phase 6: logs and the critical path

    private List<String> evidenceTraces() {
        var chosen = new ArrayList<String>();
        var failing = findings.examples.stream().filter(e -> e.errorCount() > 0).map(TraceExample::traceId).toList();
        var slow = findings.examples.stream().map(TraceExample::traceId).toList();
        if (!slow.isEmpty()) {
            chosen.add(slow.getFirst());
        }
        failing.stream().filter(id -> !chosen.contains(id)).findFirst().ifPresent(chosen::add);
        slow.stream().filter(id -> !chosen.contains(id)).findFirst().ifPresent(chosen::add);
        return chosen.stream().limit(3).toList();
    }

    List<PlannedCall> evidenceCalls() {
        var calls = new ArrayList<PlannedCall>();
        List<String> traces = evidenceTraces();
        for (int i = 0; i < traces.size(); i++) {
            calls.add(new PlannedCall(6, "logs" + i, "log_search", NODES.objectNode().put("trace_id", traces.get(i))
                    .put("min_severity", "warn").put("limit", 10)));
        }
        if (!traces.isEmpty()) {
            calls.add(new PlannedCall(6, "trace0", "get_trace", NODES.objectNode().put("trace_id", traces.getFirst())
                    .put("max_spans", 40)));
        }
        return calls;
    }

    void readEvidence() {
        List<String> traces = evidenceTraces();
        for (int i = 0; i < traces.size(); i++) {
            if (!results.has("logs" + i)) {
                continue;
            }
            Outcome outcome = results.usable("logs" + i, "the logs of trace " + traces.get(i));
            if (outcome == null) {
                continue;
            }
            var lines = new ArrayList<LogLine>();
            for (JsonNode log : outcome.data().path("logs")) {
                lines.add(new LogLine(log.path("time").asString(""), log.path("severity").asString(""),
                        log.path("service").asString(""), log.path("body").asString("")));
            }
            findings.logs.put(traces.get(i), lines);
        }
        if (!traces.isEmpty() && results.has("trace0")) {
            Outcome trace = results.usable("trace0", null);
            if (trace != null) {
                findings.openedTrace = traces.getFirst();
                for (JsonNode span : trace.data().path("critical_path")) {
                    findings.criticalPath.add(span(span));
                }
                for (JsonNode span : trace.data().path("errors")) {
                    findings.traceErrors.add(span(span));
                }
                findings.retries.addAll(RepeatedCalls.in(trace.data()));
            }
        }
    }

    private static SpanLine span(JsonNode span) {
        return new SpanLine(span.path("service").asString(""), span.path("operation").asString(""),
                span.path("duration_ms").asDouble(0), span.path("status").asString(""),
                span.path("status_message").asString(""), span.path("exception").asString(""));
    }
}
