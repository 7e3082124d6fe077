package dev.tracehound.tools;

import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.BubbleUp;
import dev.tracehound.analytics.query.BubbleUpQueries;
import dev.tracehound.analytics.query.BubbleUpResult;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.analytics.query.TracePage;
import dev.tracehound.analytics.query.TraceQueries;
import dev.tracehound.analytics.query.TraceSearch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class BubbleUpTool extends QueryTool {

    static final int EXAMPLES = 3;

    private final BubbleUpQueries bubbleUps;
    private final TraceQueries traces;
    private final Clock clock;

    BubbleUpTool(BubbleUpQueries bubbleUps, TraceQueries traces, Clock clock) {
        this.bubbleUps = bubbleUps;
        this.traces = traces;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "bubbleup";
    }

    @Override
    public String description() {
        return """
                Explain what sets a selection of spans apart from the rest (the baseline): it compares every \
                field and attribute (service, operation, version, region, provider, customer...) between the \
                selection and the baseline and lists the values most over-represented in the selection. Use it \
                once you know the symptom: select the slow spans (selection.min_duration_ms) or the failing ones \
                (selection.status: "error"), inside a base of comparable spans (e.g. one service or operation, \
                in a time range). A score of 0 means no reliable difference; below 0.05 little difference.
                Output: {"selection_spans", "baseline_spans", "sampled" (counts are estimates), \
                "dimensions": [{"source" (field, span_attribute, resource_attribute), "key", "score", \
                "values": [{"value", "kind" (value, range, missing, other), "selection_count", \
                "baseline_count", "selection_share", "baseline_share", "expected_share", "score"}]}], \
                "example_traces": [{"trace_id", "root_service", "root_operation", "duration_ms", \
                "error_count"}] (the slowest traces of the selection)}.""";
    }

    @Override
    public String inputSchema() {
        return schema(Inputs.TIME_PROPERTIES + ",\n" + Inputs.FILTER_PROPERTIES + """
                ,
                "selection": {"type": "object", "additionalProperties": false, "minProperties": 1,
                  "description": "The spans to explain, out of those the other filters select (the base); at least one condition.",
                  "properties": {
                    "min_duration_ms": {"type": "number", "minimum": 0, "description": "Spans lasting at least this long."},
                    "max_duration_ms": {"type": "number", "minimum": 0},
                    "status": {"type": "string", "enum": ["error", "ok", "unset"]},
                    "from": {"type": "string", "description": "Spans starting at or after this ISO-8601 instant."},
                    "to": {"type": "string", "description": "Spans starting before this ISO-8601 instant."},
                    "attributes": {"type": "array", "maxItems": 20, "items": %s}
                  }},
                "dimensions": {"type": "integer", "minimum": 1, "maximum": 30, "description": "Dimensions listed, the most different first; default 8."},
                "values": {"type": "integer", "minimum": 1, "maximum": 10, "description": "Values listed per dimension, default 5."}"""
                .formatted(Inputs.ATTRIBUTE_ITEM), "\"selection\"");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        SpanFilter base = Inputs.spanFilter(input, clock);
        JsonNode s = input.get("selection");
        Optional<Instant> from = Inputs.text(s, "from").map(v -> Inputs.instant("selection.from", v));
        Optional<Instant> to = Inputs.text(s, "to").map(v -> Inputs.instant("selection.to", v));
        var selection = new BubbleUp.Selection(from, to, Inputs.millis(s, "min_duration_ms"),
                Inputs.millis(s, "max_duration_ms"), Inputs.status(s, "status"), Inputs.attributes(s.get("attributes")));
        var request = new BubbleUp(base, selection, Inputs.integer(input, "dimensions", 8),
                Inputs.integer(input, "values", 5));
        BubbleUpResult result = bubbleUps.bubbleUp(context.projectId(), request);

        ObjectNode data = Json.object()
                .put("selection_spans", result.selectionSpans())
                .put("baseline_spans", result.baselineSpans())
                .put("sampled", result.sampled())
                .put("dimensions_compared", result.dimensionsCompared());
        var dimensions = data.putArray("dimensions");
        for (BubbleUpResult.Dimension d : result.dimensions()) {
            var dimension = dimensions.addObject()
                    .put("source", d.source().name().toLowerCase(Locale.ROOT))
                    .put("key", d.key())
                    .put("score", AggregateTool.round(d.score()));
            var values = dimension.putArray("values");
            for (BubbleUpResult.Value v : d.values()) {
                values.addObject()
                        .put("value", v.value())
                        .put("kind", v.kind().name().toLowerCase(Locale.ROOT))
                        .put("selection_count", v.selectionCount())
                        .put("baseline_count", v.baselineCount())
                        .put("selection_share", AggregateTool.round(v.selectionShare()))
                        .put("baseline_share", AggregateTool.round(v.baselineShare()))
                        .put("expected_share", AggregateTool.round(v.expectedShare()))
                        .put("score", AggregateTool.round(v.score()));
            }
        }
        var examples = data.putArray("example_traces");
        var references = new ArrayList<ToolReference>();
        if (result.selectionSpans() > 0) {
            for (TracePage.Summary trace : traces.search(context.projectId(),
                    new TraceSearch(selected(base, selection), TraceSearch.Sort.DURATION, EXAMPLES, Optional.empty()))
                    .traces()) {
                examples.addObject()
                        .put("trace_id", trace.traceId())
                        .put("root_service", trace.rootService())
                        .put("root_operation", trace.rootName())
                        .put("duration_ms", Inputs.ms(trace.durationNanos()))
                        .put("error_count", trace.errorCount());
                references.add(new ToolReference(ToolReference.TRACE, trace.traceId(),
                        "example of the selection: " + trace.rootService() + " " + trace.rootName()));
            }
        }
        return json(data, false, references);
    }

    /** The base's spans that meet every condition of the selection. */
    private static SpanFilter selected(SpanFilter base, BubbleUp.Selection selection) {
        Instant from = selection.from().filter(f -> f.isAfter(base.from())).orElse(base.from());
        Instant to = selection.to().filter(t -> t.isBefore(base.to())).orElse(base.to());
        SpanFilter filter = base.withWindow(from, to);
        var min = selection.minDuration().isPresent() ? selection.minDuration() : filter.minDuration();
        var max = selection.maxDuration().isPresent() ? selection.maxDuration() : filter.maxDuration();
        filter = filter.withDurations(min, max);
        if (selection.status().isPresent()) {
            filter = filter.withStatus(selection.status().get());
        }
        for (AttributeFilter attribute : selection.attributes()) {
            filter = filter.withAttribute(attribute);
        }
        return filter;
    }
}
