package dev.tracehound.agent.offline;

import static dev.tracehound.agent.offline.Investigation.NODES;
import static dev.tracehound.agent.offline.InvestigationReport.codes;
import static dev.tracehound.agent.offline.InvestigationReport.ms;

import dev.tracehound.agent.offline.Investigation.Outcome;
import dev.tracehound.agent.offline.Investigation.PlannedCall;
import dev.tracehound.agent.offline.Investigation.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One trace explained: its root, how long it took and where the time went (the critical path and
 * the slowest spans), the spans that failed with their messages, the services it went through,
 * and its warnings and errors in the logs.
 */
final class TraceExplanation {

    private static final int LOG_CHARS = 200;

    /** A span as get_trace gives it; {@code peers} are the attributes naming what it calls, the best first. */
    record Span(String id, String parentId, String service, String operation, double startMs, double durationMs,
            boolean failed, String message, int depth, List<String> peers) {

        static Span of(JsonNode span) {
            String exception = span.path("exception").asString("");
            return new Span(span.path("span_id").asString(""), span.path("parent_span_id").asString(""),
                    span.path("service").asString(""), span.path("operation").asString(""),
                    span.path("start_offset_ms").asDouble(0), span.path("duration_ms").asDouble(0),
                    span.path("status").asString("").equals("error"),
                    exception.isEmpty() ? span.path("status_message").asString("") : exception,
                    span.path("depth").asInt(0), RepeatedCalls.peers(span.path("attributes")));
        }

        String peer() {
            return peers.isEmpty() ? "" : peers.getFirst();
        }

        String describe() {
            return "`" + service + "` " + operation + " " + ms(durationMs) + " ms";
        }

        /** The span and what it calls: a server span may name its own address, so only where a call is expected. */
        String describeWithPeer() {
            return describe() + (peers.isEmpty() ? "" : " (calling `" + peer() + "`)");
        }
    }

    private final String traceId;
    private final PlanSteps steps;

    TraceExplanation(Asked asked, Map<String, Outcome> outcomes, Set<String> tools) {
        this.traceId = asked.traceId().orElseThrow();
        this.steps = new PlanSteps(outcomes, tools, this::answer);
    }

    Step next() {
        Optional<Step> step = steps.need("Opening trace `" + traceId + "` and reading its logs.", List.of(
                new PlannedCall(1, "trace", "get_trace", NODES.objectNode().put("trace_id", traceId).put("max_spans", 40)),
                new PlannedCall(1, "logs", "log_search", NODES.objectNode().put("trace_id", traceId).put("limit", 30))));
        return step.orElseGet(() -> new Step.Answer(answer()));
    }

    String answer() {
        var out = new StringBuilder();
        Outcome trace = steps.results().has("trace") ? steps.results().usable("trace", null) : null;
        if (trace == null) {
            out.append("I could not open trace `").append(traceId).append("`, so I cannot explain it. Check the id (32"
                    + " hex digits, from a trace search, a log or an error report); the trace may also be older than"
                    + " the data kept.");
            return out.append(steps.notes()).toString().strip();
        }
        JsonNode data = trace.data();
        List<Span> spans = new ArrayList<>();
        data.path("spans").forEach(s -> spans.add(Span.of(s)));
        List<Span> critical = new ArrayList<>();
        data.path("critical_path").forEach(s -> critical.add(Span.of(s)));
        List<Span> errors = new ArrayList<>();
        data.path("errors").forEach(s -> errors.add(Span.of(s)));
        List<Span> slowest = new ArrayList<>();
        data.path("slowest").forEach(s -> slowest.add(Span.of(s)));
        List<String> services = new ArrayList<>();
        data.path("services").forEach(s -> services.add(s.asString("")));
        double duration = data.path("duration_ms").asDouble(0);
        long spanCount = data.path("span_count").asLong(spans.size());
        long errorCount = data.path("error_count").asLong(errors.size());
        Span root = spans.stream().filter(s -> s.depth() == 0).findFirst()
                .orElse(critical.isEmpty() ? null : critical.getFirst());

        out.append("**Trace `").append(traceId).append("`").append(root == null ? "" : ": `" + root.service() + "` `"
                + root.operation() + "`").append(", ").append(ms(duration)).append(" ms, ").append(spanCount)
                .append(" spans in ").append(services.size()).append(services.size() == 1 ? " service" : " services")
                .append(errorCount > 0 ? ", " + errorCount + " failed" : ", none failed").append(".**");
        if (!services.isEmpty()) {
            out.append(" Services: ").append(codes(services)).append(".");
        }
        out.append("\n\n");

        Span where = heaviest(critical, duration);
        if (where != null) {
            out.append("**Where the time went:** ").append(where.describe()).append(", ")
                    .append(duration > 0 ? Math.round(100 * where.durationMs() / duration) + "% of the request" : "")
                    .append(where.failed() ? ", and it failed" : "").append(".\n");
            // Spans of a few ms on the path are its small steps; those that take a tenth of the time tell the story.
            List<Span> path = critical.stream().filter(span -> span.durationMs() >= duration / 10).toList();
            out.append("- Critical path (spans of 10% of the time or more): ").append(String.join(" → ", path.stream()
                    .limit(8).map(Span::describe).toList())).append(path.size() > 8 ? " → …" : "").append(".\n");
            // The root is the request served: an address on it is its own, not a dependency's.
            path.stream().skip(1).filter(span -> !span.peer().isEmpty()).reduce((first, second) -> second)
                    .ifPresent(call -> out.append("- The dependency it waits on: ").append(codes(call.peers().stream()
                            .limit(3).toList())).append(" (`").append(call.service()).append("` ")
                            .append(call.operation()).append(", ").append(ms(call.durationMs())).append(" ms).\n"));
        }
        List<Span> others = slowest.stream().filter(s -> root == null || !s.equals(root)).limit(3).toList();
        if (!others.isEmpty()) {
            out.append("- Slowest spans: ").append(String.join("; ", others.stream().map(Span::describe).toList()))
                    .append(".\n");
        }
        if (!errors.isEmpty()) {
            out.append("\n**What failed:**\n");
            // A failed span none of whose children failed is where a failure began; those above it failed because it did.
            Set<String> failedParents = new HashSet<>();
            errors.forEach(e -> failedParents.add(e.parentId()));
            List<Span> origins = errors.stream().filter(e -> !failedParents.contains(e.id()))
                    .sorted(Comparator.comparingDouble(Span::startMs)).toList();
            List<Span> ordered = new ArrayList<>(origins);
            errors.stream().filter(e -> !origins.contains(e)).forEach(ordered::add);
            for (Span error : ordered.stream().limit(5).toList()) {
                out.append("- ").append(origins.contains(error) ? error.describeWithPeer() : error.describe())
                        .append(error.message().isEmpty() ? "" : ": "
                        + shorten(error.message())).append("\n");
            }
            if (!origins.isEmpty()) {
                out.append("The failure begins at ").append(origins.getFirst().describeWithPeer()).append(origins.size() > 1
                        ? " (and " + (origins.size() - 1) + " more failed spans without failed children)" : "")
                        .append(".\n");
            }
        }
        List<RepeatedCalls.Retried> retried = RepeatedCalls.in(data);
        if (!retried.isEmpty()) {
            out.append("\n**Retries:** ").append(String.join("; ", retried.stream().limit(3)
                    .map(RepeatedCalls.Retried::describe).toList())).append(".\n");
        }
        logs(out);
        return out.append(steps.notes()).toString().strip();
    }

    /** The deepest span of the critical path that still takes half the trace or more: where its time goes. */
    static Span heaviest(List<Span> critical, double duration) {
        Span where = null;
        for (Span span : critical) {
            if (where == null || span.durationMs() >= duration / 2) {
                where = span;
            }
        }
        return where;
    }

    private void logs(StringBuilder out) {
        if (!steps.results().has("logs")) {
            return;
        }
        Outcome logs = steps.results().usable("logs", "the logs of the trace");
        if (logs == null) {
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        logs.data().path("logs").forEach(lines::add);
        if (lines.isEmpty()) {
            out.append("\nIt has no logs.\n");
            return;
        }
        List<JsonNode> shown = lines.stream()
                .sorted(Comparator.comparingInt((JsonNode l) -> -l.path("severity_number").asInt(0))
                        .thenComparing(l -> l.path("time").asString("")))
                .limit(4).toList();
        out.append("\n**Logs** (").append(lines.size()).append(lines.size() == 1 ? " record" : " records")
                .append(", the most severe first):\n");
        for (JsonNode line : shown) {
            out.append("- ").append(line.path("severity").asString("")).append(" `").append(line.path("service")
                    .asString("")).append("`: \"").append(shorten(line.path("body").asString(""))).append("\"\n");
        }
    }

    private static String shorten(String text) {
        String line = text.replace("\n", " ").strip();
        return line.length() > LOG_CHARS ? line.substring(0, LOG_CHARS) + "…" : line;
    }
}
