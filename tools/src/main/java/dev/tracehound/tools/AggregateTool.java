package dev.tracehound.tools;

import dev.tracehound.analytics.query.AggregateQueries;
import dev.tracehound.analytics.query.AggregateResult;
import dev.tracehound.analytics.query.Aggregation;
import dev.tracehound.analytics.query.Heatmap;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.analytics.query.TimeSeries;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class AggregateTool extends QueryTool {

    static final int MAX_GROUPS = 50;

    private final AggregateQueries aggregates;
    private final Clock clock;

    AggregateTool(AggregateQueries aggregates, Clock clock) {
        this.aggregates = aggregates;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "aggregate";
    }

    @Override
    public String description() {
        return """
                Count spans and measure their durations (or a numeric attribute) in a time range (default the \
                last hour, at most 7 days): count, errors, error rate, min/avg/max and p50/p90/p95/p99, overall \
                or per group (e.g. per service, operation or attribute value; the largest groups by count, the \
                rest in 'other'). Start an investigation here: which service or operation is slow or failing, \
                and since when (time_series: true). heatmap: true counts spans per time bucket × duration band \
                to spot a slow band; then use bubbleup on it.
                Output: {"unit" ("ms" for durations, "value" for an attribute), "groups": [{"key": {dimension: \
                value}, "count", "errors", "error_rate", "min", "avg", "max", "p50", "p90", "p95", "p99"}], \
                "other"}; with time_series: {"unit", "bucket_seconds", "buckets" (ISO-8601 starts), "series": \
                [{"key", "count": [per bucket], "errors": [...], "p50": [...], "p95": [...], "p99": [...]}], \
                "other"}; with heatmap: {"bucket_seconds", "columns" (ISO-8601 starts), "duration_bounds_ms" \
                (row r holds durations from bounds[r] to bounds[r+1]), "counts": [per column: [per row]]}.""";
    }

    @Override
    public String inputSchema() {
        return schema(Inputs.TIME_PROPERTIES + ",\n" + Inputs.FILTER_PROPERTIES + """
                ,
                "group_by": {"type": "array", "maxItems": 3, "uniqueItems": true, "items": {"type": "string", "minLength": 1}, "description": "%s"},
                "measure": {"type": "string", "minLength": 1, "description": "What the percentiles are of: 'duration' (default, in ms) or a numeric span attribute key (or resource:key)."},
                "limit": {"type": "integer", "minimum": 1, "maximum": %d, "description": "Groups kept apart from 'other', default 10 (5 with time_series)."},
                "time_series": {"type": "boolean", "description": "Measures per time bucket instead of over the whole range."},
                "heatmap": {"type": "boolean", "description": "Span counts per time bucket and duration band (ignores group_by and measure)."}"""
                .formatted(Dimensions.DESCRIPTION, MAX_GROUPS), "");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        SpanFilter filter = Inputs.spanFilter(input, clock);
        boolean series = input.path("time_series").asBoolean(false);
        boolean heatmap = input.path("heatmap").asBoolean(false);
        if (series && heatmap) {
            throw new ToolFailure("ask for time_series or heatmap, not both");
        }
        if (heatmap) {
            return json(heatmap(aggregates.heatmap(context.projectId(), filter)), false, List.of());
        }
        Optional<Aggregation.Attribute> measure = Inputs.text(input, "measure")
                .filter(m -> !m.equals("duration")).map(Dimensions::attribute);
        List<Aggregation.Dimension> groupBy = Dimensions.of(input.get("group_by"));
        // A series has up to 200 points: fewer series by default keep the result readable.
        var aggregation = new Aggregation(filter, measure, groupBy, Inputs.integer(input, "limit", series ? 5 : 10));
        List<String> labels = labels(input.get("group_by"));
        String unit = measure.isPresent() ? "value" : "ms";
        ToDoubleFunction<Double> scale = measure.isPresent() ? v -> v : Inputs::ms;
        ObjectNode data = Json.object().put("unit", unit);
        if (series) {
            TimeSeries result = aggregates.timeSeries(context.projectId(), aggregation);
            data.put("bucket_seconds", result.bucketWidth().toSeconds());
            var buckets = data.putArray("buckets");
            result.buckets().forEach(b -> buckets.add(b.toString()));
            var list = data.putArray("series");
            result.series().forEach(s -> list.add(series(s, labels, scale)));
            result.other().ifPresent(o -> data.set("other", series(o, labels, scale)));
        } else {
            AggregateResult result = aggregates.aggregate(context.projectId(), aggregation);
            var list = data.putArray("groups");
            result.groups().forEach(g -> list.add(group(key(g.key(), labels), g.measures(), scale)));
            result.other().ifPresent(o -> data.set("other",
                    group(Json.object(), o.measures(), scale).put("groups", o.groupCount())));
        }
        return json(data, false, List.of());
    }

    private static List<String> labels(JsonNode groupBy) {
        var labels = new java.util.ArrayList<String>();
        if (groupBy != null) {
            groupBy.forEach(g -> labels.add(g.asString().strip()));
        }
        return labels;
    }

    static ObjectNode key(List<String> values, List<String> labels) {
        ObjectNode key = Json.object();
        for (int i = 0; i < values.size() && i < labels.size(); i++) {
            key.put(labels.get(i), values.get(i));
        }
        return key;
    }

    private static ObjectNode group(ObjectNode key, AggregateResult.Measures m, ToDoubleFunction<Double> scale) {
        ObjectNode out = Json.object();
        out.set("key", key);
        out.put("count", m.count()).put("errors", m.errors()).put("error_rate", round(m.errorRate()));
        m.values().ifPresent(v -> out.put("min", scale.applyAsDouble(v.min()))
                .put("avg", scale.applyAsDouble(v.avg()))
                .put("max", scale.applyAsDouble(v.max()))
                .put("p50", scale.applyAsDouble(v.quantiles().p50()))
                .put("p90", scale.applyAsDouble(v.quantiles().p90()))
                .put("p95", scale.applyAsDouble(v.quantiles().p95()))
                .put("p99", scale.applyAsDouble(v.quantiles().p99())));
        return out;
    }

    private static ObjectNode series(TimeSeries.Series s, List<String> labels, ToDoubleFunction<Double> scale) {
        ObjectNode out = Json.object();
        out.set("key", key(s.key(), labels));
        var count = out.putArray("count");
        var errors = out.putArray("errors");
        var p50 = out.putArray("p50");
        var p95 = out.putArray("p95");
        var p99 = out.putArray("p99");
        for (AggregateResult.Measures m : s.points()) {
            count.add(m.count());
            errors.add(m.errors());
            if (m.values().isPresent()) {
                p50.add(scale.applyAsDouble(m.values().get().quantiles().p50()));
                p95.add(scale.applyAsDouble(m.values().get().quantiles().p95()));
                p99.add(scale.applyAsDouble(m.values().get().quantiles().p99()));
            } else {
                p50.addNull();
                p95.addNull();
                p99.addNull();
            }
        }
        return out;
    }

    /** The heatmap without its leading empty rows (durations no span had). */
    private static ObjectNode heatmap(Heatmap heatmap) {
        int firstRow = heatmap.rows();
        for (List<Long> column : heatmap.counts()) {
            for (int r = 0; r < column.size(); r++) {
                if (column.get(r) > 0) {
                    firstRow = Math.min(firstRow, r);
                    break;
                }
            }
        }
        ObjectNode data = Json.object().put("bucket_seconds", heatmap.bucketWidth().toSeconds());
        var columns = data.putArray("columns");
        heatmap.columns().forEach(c -> columns.add(c.toString()));
        var bounds = data.putArray("duration_bounds_ms");
        for (int r = firstRow; r < heatmap.durationBoundsNanos().size(); r++) {
            bounds.add(Inputs.ms(heatmap.durationBoundsNanos().get(r)));
        }
        var counts = data.putArray("counts");
        for (List<Long> column : heatmap.counts()) {
            var out = counts.addArray();
            for (int r = firstRow; r < column.size(); r++) {
                out.add(column.get(r));
            }
        }
        return data;
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
