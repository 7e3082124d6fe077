package dev.tracehound.tools;

import dev.tracehound.analytics.query.Aggregation;
import dev.tracehound.analytics.query.LlmCall;
import dev.tracehound.analytics.query.LlmUsageQueries;
import dev.tracehound.analytics.query.LlmUsageReport;
import dev.tracehound.analytics.query.LlmUsageRequest;
import dev.tracehound.analytics.query.LlmUsageSeries;
import dev.tracehound.analytics.query.SpanFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

final class LlmUsageTool extends QueryTool {

    static final int MAX_CALLS = 20;

    private final LlmUsageQueries usage;
    private final Clock clock;

    LlmUsageTool(LlmUsageQueries usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "llm_usage";
    }

    @Override
    public String description() {
        return """
                LLM calls (spans with a gen_ai model) in a time range (default the last hour, at most 7 days): \
                calls, input and output tokens and cost in USD, in total and per group (default per model; \
                the costliest groups first, the rest in 'other'), optionally over time, and the costliest or \
                slowest single calls. Use it for questions about LLM cost, token use, prompt caching, \
                reasoning tokens, or slow model calls. cached_input_tokens (read from the prompt cache) and \
                cache_write_tokens are part of input_tokens; reasoning_tokens are part of output_tokens.
                Output: {"total": usage, "groups": [{"key": {dimension: value}, usage}], "other", \
                "calls": [{"trace_id", "span_id", "service", "operation", "system", "model", "input_tokens", \
                "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens", "cost_usd", \
                "duration_ms", "start"}]} where usage is {"calls", "input_tokens", "output_tokens", \
                "cached_input_tokens", "cache_write_tokens", "reasoning_tokens", "cost_usd"}; with \
                time_series: {"bucket_seconds", "buckets", "series": [{"key", "calls": [...], \
                "input_tokens": [...], ... one array per usage field}]} instead of groups.""";
    }

    @Override
    public String inputSchema() {
        return schema(Inputs.TIME_PROPERTIES + ",\n" + Inputs.FILTER_PROPERTIES + """
                ,
                "group_by": {"type": "array", "maxItems": 3, "uniqueItems": true, "items": {"type": "string", "minLength": 1}, "description": "Default [\\"llm_model\\"]. %s"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50, "description": "Groups kept apart from 'other', default 10."},
                "time_series": {"type": "boolean", "description": "Usage per time bucket instead of over the whole range."},
                "calls": {"type": "string", "enum": ["costliest", "slowest"], "description": "Also list single calls, the costliest or the slowest first."},
                "calls_limit": {"type": "integer", "minimum": 1, "maximum": %d, "description": "How many calls to list, default 5."}"""
                .formatted(Dimensions.DESCRIPTION, MAX_CALLS), "");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        SpanFilter filter = Inputs.spanFilter(input, clock);
        JsonNode groupByInput = input.has("group_by") ? input.get("group_by") : Json.array().add("llm_model");
        List<Aggregation.Dimension> groupBy = Dimensions.of(groupByInput);
        List<String> labels = new ArrayList<>();
        groupByInput.forEach(g -> labels.add(g.asString().strip()));
        var request = new LlmUsageRequest(filter, groupBy, Inputs.integer(input, "limit", 10));
        ObjectNode data = Json.object();
        if (input.path("time_series").asBoolean(false)) {
            LlmUsageSeries series = usage.usageOverTime(context.projectId(), request);
            data.put("bucket_seconds", series.bucketWidth().toSeconds());
            var buckets = data.putArray("buckets");
            series.buckets().forEach(b -> buckets.add(b.toString()));
            var list = data.putArray("series");
            series.series().forEach(s -> list.add(series(s, labels)));
            series.other().ifPresent(o -> data.set("other", series(o, labels)));
        } else {
            LlmUsageReport report = usage.usage(context.projectId(), request);
            data.set("total", usage(Json.object(), report.total()));
            var groups = data.putArray("groups");
            report.groups().forEach(g -> {
                ObjectNode group = Json.object();
                group.set("key", AggregateTool.key(g.key(), labels));
                groups.add(usage(group, g.usage()));
            });
            report.other().ifPresent(o -> data.set("other", usage(Json.object().put("groups", o.groupCount()), o.usage())));
        }
        var references = new ArrayList<ToolReference>();
        if (input.has("calls")) {
            int limit = Inputs.integer(input, "calls_limit", 5);
            List<LlmCall> calls = input.get("calls").asString().equals("slowest")
                    ? usage.slowestCalls(context.projectId(), filter, limit)
                    : usage.costliestCalls(context.projectId(), filter, limit);
            ArrayNode list = data.putArray("calls");
            for (LlmCall call : calls) {
                list.addObject()
                        .put("trace_id", call.traceId())
                        .put("span_id", call.spanId())
                        .put("service", call.serviceName())
                        .put("operation", call.spanName())
                        .put("system", call.system())
                        .put("model", call.model())
                        .put("input_tokens", call.inputTokens())
                        .put("output_tokens", call.outputTokens())
                        .put("cached_input_tokens", call.cachedInputTokens())
                        .put("cache_write_tokens", call.cacheWriteTokens())
                        .put("reasoning_tokens", call.reasoningTokens())
                        .put("cost_usd", call.costUsd())
                        .put("duration_ms", Inputs.ms(call.durationNanos()))
                        .put("start", Inputs.iso(call.startTimeNanos()));
                references.add(new ToolReference(ToolReference.TRACE, call.traceId(),
                        call.model() + " call in " + call.serviceName()));
            }
        }
        return json(data, false, references);
    }

    private static ObjectNode usage(ObjectNode into, LlmUsageReport.Usage usage) {
        return into.put("calls", usage.calls())
                .put("input_tokens", usage.inputTokens())
                .put("output_tokens", usage.outputTokens())
                .put("cached_input_tokens", usage.cachedInputTokens())
                .put("cache_write_tokens", usage.cacheWriteTokens())
                .put("reasoning_tokens", usage.reasoningTokens())
                .put("cost_usd", Math.round(usage.costUsd() * 1_000_000) / 1_000_000.0);
    }

    private static ObjectNode series(LlmUsageSeries.Series s, List<String> labels) {
        ObjectNode out = Json.object();
        out.set("key", AggregateTool.key(s.key(), labels));
        var calls = out.putArray("calls");
        var in = out.putArray("input_tokens");
        var outTokens = out.putArray("output_tokens");
        var cachedIn = out.putArray("cached_input_tokens");
        var cacheWrites = out.putArray("cache_write_tokens");
        var reasoning = out.putArray("reasoning_tokens");
        var cost = out.putArray("cost_usd");
        for (LlmUsageReport.Usage point : s.points()) {
            calls.add(point.calls());
            in.add(point.inputTokens());
            outTokens.add(point.outputTokens());
            cachedIn.add(point.cachedInputTokens());
            cacheWrites.add(point.cacheWriteTokens());
            reasoning.add(point.reasoningTokens());
            cost.add(Math.round(point.costUsd() * 1_000_000) / 1_000_000.0);
        }
        return out;
    }
}
