package dev.tracehound.tools;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.query.TraceDetail;
import dev.tracehound.analytics.query.TraceQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class GetTraceTool extends QueryTool {

    static final int DEFAULT_SPANS = 60;
    static final int MAX_SPANS = 300;
    private static final int LISTED = 10;
    private static final int ATTRIBUTES = 20;
    private static final int VALUE_CHARS = 200;

    private final TraceQueries traces;

    GetTraceTool(TraceQueries traces) {
        this.traces = traces;
    }

    @Override
    public String name() {
        return "get_trace";
    }

    @Override
    public String description() {
        return """
                Open one trace by id and see what happened in it: the critical path (the chain of spans that \
                made the request as slow as it was), the spans that failed, the slowest spans, and the span \
                tree. Use it on example traces from trace_search, bubbleup or log_search to explain a \
                slowdown or an error with evidence.
                Output: {"trace_id", "start", "duration_ms", "span_count", "error_count", "services", \
                "critical_path": [span], "errors": [span], "slowest": [span], "spans": [span in tree order \
                with "depth"], "spans_omitted"}, where a span is {"span_id", "parent_span_id", "service", \
                "operation", "start_offset_ms" (from the trace's start), "duration_ms", "status", \
                "status_message", "critical"}, and the spans of critical_path and errors also have \
                "attributes" and "exception". \
                Traces with more spans than 'max_spans' list the first ones in tree order; spans_omitted \
                says how many more there are.""";
    }

    @Override
    public String inputSchema() {
        return schema("""
                "trace_id": {"type": "string", "pattern": "^[0-9a-fA-F]{32}$", "description": "The trace id, 32 hex digits."},
                "max_spans": {"type": "integer", "minimum": 1, "maximum": %d, "description": "Most spans listed in 'spans', default %d."}"""
                .formatted(MAX_SPANS, DEFAULT_SPANS), "\"trace_id\"");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        String traceId = input.get("trace_id").asString().toLowerCase(java.util.Locale.ROOT);
        Optional<TraceDetail> found = traces.trace(context.projectId(), traceId);
        if (found.isEmpty()) {
            throw new ToolFailure("no trace " + traceId + " in this project: check the id (from trace_search,"
                    + " bubbleup or log_search results), or it may be older than the data kept");
        }
        TraceDetail trace = found.get();
        int maxSpans = Inputs.integer(input, "max_spans", DEFAULT_SPANS);
        var flat = new ArrayList<Placed>();
        trace.roots().forEach(root -> flatten(root, 0, flat));

        ObjectNode data = Json.object()
                .put("trace_id", trace.traceId())
                .put("start", Inputs.iso(trace.startNanos()))
                .put("duration_ms", Inputs.ms(trace.durationNanos()))
                .put("span_count", trace.spanCount())
                .put("error_count", trace.errorCount());
        var services = data.putArray("services");
        trace.services().forEach(services::add);

        var critical = data.putArray("critical_path");
        flat.stream().filter(p -> p.node().critical()).forEach(p -> critical.add(span(p, trace, true)));
        var errors = data.putArray("errors");
        flat.stream().filter(p -> p.node().span().statusCode() == SpanRow.StatusCode.ERROR).limit(LISTED)
                .forEach(p -> errors.add(span(p, trace, true)));
        var slowest = data.putArray("slowest");
        flat.stream().sorted(Comparator.comparingLong((Placed p) -> p.node().span().durationNanos()).reversed())
                .limit(LISTED).forEach(p -> slowest.add(span(p, trace, false)));
        var spans = data.putArray("spans");
        flat.stream().limit(maxSpans).forEach(p -> spans.add(span(p, trace, false).put("depth", p.depth())));

        int omitted = Math.max(0, flat.size() - maxSpans);
        data.put("spans_omitted", omitted);
        boolean truncated = omitted > 0 || trace.truncated();
        if (truncated) {
            data.put("note", (omitted > 0 ? omitted + " spans are not listed in 'spans' (max_spans is " + maxSpans
                    + "); the critical path, errors and slowest spans above cover the whole trace. " : "")
                    + (trace.truncated() ? "The trace has more than " + TraceQueries.MAX_SPANS
                    + " spans; only the earliest were read." : ""));
        }
        SpanRow root = trace.roots().isEmpty() ? null : trace.roots().getFirst().span();
        String label = root == null ? trace.traceId() : root.serviceName() + " " + root.name();
        return json(data, truncated, List.of(
                new ToolReference(ToolReference.TRACE, trace.traceId(), label),
                new ToolReference(ToolReference.LINK, Inputs.traceLink(context.projectId(), trace.traceId()), label)));
    }

    private record Placed(TraceDetail.Node node, int depth) {}

    private static void flatten(TraceDetail.Node node, int depth, List<Placed> into) {
        into.add(new Placed(node, depth));
        node.children().forEach(child -> flatten(child, depth + 1, into));
    }

    /** A span; with its attributes and exception only where {@code detailed}, so no span's details are repeated. */
    private static ObjectNode span(Placed placed, TraceDetail trace, boolean detailed) {
        SpanRow span = placed.node().span();
        ObjectNode out = Json.object()
                .put("span_id", span.spanId())
                .put("parent_span_id", span.parentSpanId())
                .put("service", span.serviceName())
                .put("operation", span.name())
                .put("start_offset_ms", Inputs.ms(span.startTimeNanos() - trace.startNanos()))
                .put("duration_ms", Inputs.ms(span.durationNanos()))
                .put("status", span.statusCode().name().toLowerCase(java.util.Locale.ROOT))
                .put("critical", placed.node().critical());
        if (!span.statusMessage().isEmpty()) {
            out.put("status_message", cut(span.statusMessage()));
        }
        if (!detailed) {
            return out;
        }
        var attributes = out.putObject("attributes");
        span.attributes().entrySet().stream().limit(ATTRIBUTES)
                .forEach(e -> attributes.put(e.getKey(), cut(e.getValue())));
        span.events().stream().filter(e -> e.name().equals("exception")).findFirst().ifPresent(e -> {
            Map<String, String> a = e.attributes();
            out.put("exception", cut((a.getOrDefault("exception.type", "") + ": "
                    + a.getOrDefault("exception.message", "")).strip()));
        });
        return out;
    }

    private static String cut(String value) {
        return value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS) + "…";
    }
}
