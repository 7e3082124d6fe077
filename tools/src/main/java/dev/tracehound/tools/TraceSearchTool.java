package dev.tracehound.tools;

import dev.tracehound.analytics.query.TracePage;
import dev.tracehound.analytics.query.TraceQueries;
import dev.tracehound.analytics.query.TraceSearch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

final class TraceSearchTool extends QueryTool {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;

    private final TraceQueries traces;
    private final Clock clock;

    TraceSearchTool(TraceQueries traces, Clock clock) {
        this.traces = traces;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "trace_search";
    }

    @Override
    public String description() {
        return """
                Find traces (requests) that have at least one span matching the filters, in a time range \
                (default the last hour, at most 7 days). Use it to find example traces once you know what is \
                slow or failing (after aggregate or bubbleup), then open one with get_trace. Sort by 'time' \
                (newest first, the default) or 'duration' (slowest first).
                Output: {"traces": [{"trace_id", "root_service", "root_operation", "start" (ISO-8601), \
                "duration_ms", "span_count", "error_count", "services"}], "next_cursor"} where next_cursor \
                (or null) is passed as 'cursor' for the next page.""";
    }

    @Override
    public String inputSchema() {
        return schema(Inputs.TIME_PROPERTIES + ",\n" + Inputs.FILTER_PROPERTIES + """
                ,
                "sort": {"type": "string", "enum": ["time", "duration"], "description": "time (newest first, default) or duration (slowest first)."},
                "limit": {"type": "integer", "minimum": 1, "maximum": %d, "description": "Traces per page, default %d."},
                "cursor": {"type": "string", "minLength": 1, "description": "next_cursor of the previous page, with the same filters."}"""
                .formatted(MAX_LIMIT, DEFAULT_LIMIT), "");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        var search = new TraceSearch(Inputs.spanFilter(input, clock),
                input.path("sort").asString("time").equals("duration") ? TraceSearch.Sort.DURATION : TraceSearch.Sort.TIME,
                Inputs.integer(input, "limit", DEFAULT_LIMIT), Inputs.text(input, "cursor"));
        TracePage page = traces.search(context.projectId(), search);
        var data = Json.object();
        var list = data.putArray("traces");
        var references = new ArrayList<ToolReference>();
        for (TracePage.Summary trace : page.traces()) {
            var item = list.addObject()
                    .put("trace_id", trace.traceId())
                    .put("root_service", trace.rootService())
                    .put("root_operation", trace.rootName())
                    .put("start", Inputs.iso(trace.startNanos()))
                    .put("duration_ms", Inputs.ms(trace.durationNanos()))
                    .put("span_count", trace.spanCount())
                    .put("error_count", trace.errorCount());
            var services = item.putArray("services");
            trace.services().forEach(services::add);
            references.add(traceReference(trace));
        }
        Optional<String> next = page.nextCursor();
        if (next.isPresent()) {
            data.put("next_cursor", next.get());
        } else {
            data.putNull("next_cursor");
        }
        return json(data, false, references);
    }

    private static ToolReference traceReference(TracePage.Summary trace) {
        return new ToolReference(ToolReference.TRACE, trace.traceId(), trace.rootService() + " " + trace.rootName()
                + " · " + Inputs.ms(trace.durationNanos()) + " ms" + (trace.errorCount() > 0 ? " · errors" : ""));
    }
}
