package dev.tracehound.tools;

import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.analytics.query.MetricCatalog;
import dev.tracehound.analytics.query.MetricQueries;
import dev.tracehound.analytics.query.MetricQuery;
import dev.tracehound.analytics.query.MetricSeries;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The project's metrics: which there are, and one metric's series over time. */
final class MetricQueryTool extends QueryTool {

    static final int MAX_GROUPS = 20;
    private static final MathContext FIGURES = new MathContext(4);

    private final MetricQueries metrics;
    private final Clock clock;

    MetricQueryTool(MetricQueries metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "metric_query";
    }

    @Override
    public String description() {
        return """
                The project's metrics (OpenTelemetry gauges, counters, histograms) in a time range (default the \
                last hour, at most 7 days). First call it with list: true to see which metrics exist, with their \
                type, unit, attribute keys and the aggregations each allows. Then ask for one metric's series \
                over time: sum/avg/min/max of gauges and sums; rate (per second; counter resets counted from \
                zero) of counters; quantiles (e.g. [0.95] for p95) and avg of histograms. Group by up to 3 \
                attribute keys (a data point's own, or 'resource:' and a resource key such as \
                resource:service.instance.id) and filter on attributes. Use it to see when a rate, a saturation \
                or a latency changed, and by which attribute value.
                Output with list: {"metrics": [{"name", "type", "unit", "description", "monotonic", \
                "temporalities", "services", "attribute_keys", "resource_keys", "aggregations"}], "truncated"}. \
                Otherwise: {"metric", "type", "unit", "aggregation", "bucket_seconds", "buckets" (ISO-8601 \
                starts of the buckets that have data; empty buckets are left out), "series": [{"key": \
                {group_by: value}, "measure" (sum, avg, min, max, rate, or p50, p95, ...), "points" (one per \
                listed bucket, null where this series had no data)}], "omitted_groups"}. Numbers have 4 \
                significant digits.""";
    }

    @Override
    public String inputSchema() {
        return schema(Inputs.TIME_PROPERTIES + """
                ,
                "list": {"type": "boolean", "description": "List the metrics of the time range instead of querying one."},
                "search": {"type": "string", "minLength": 1, "description": "With list: only names containing this, ignoring case."},
                "metric": {"type": "string", "minLength": 1, "description": "The metric's name, exactly as listed, e.g. http.server.request.duration."},
                "aggregation": {"type": "string", "enum": ["sum", "avg", "min", "max", "rate", "quantiles"], "description": "What each bucket shows; which are allowed depends on the metric's type (see list)."},
                "quantiles": {"type": "array", "minItems": 1, "maxItems": %d, "items": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}, "description": "With aggregation quantiles: e.g. [0.5, 0.95, 0.99]; default p50, p90, p95, p99."},
                "group_by": {"type": "array", "maxItems": %d, "uniqueItems": true, "items": {"type": "string", "minLength": 1}, "description": "Attribute keys whose values make groups: a data point's attribute (e.g. http.route) or 'resource:' and a resource attribute (e.g. resource:service.instance.id)."},
                "service": {"type": "string", "minLength": 1, "description": "Only the data points of this service."},
                "attributes": {"type": "array", "maxItems": 20, "items": %s, "description": "Attribute conditions, all of which must hold; scope record is the data point's own attributes."},
                "limit": {"type": "integer", "minimum": 1, "maximum": %d, "description": "Groups kept, the largest first; default 5."}"""
                .formatted(MetricQuery.MAX_QUANTILES, MetricQuery.MAX_GROUP_BY, Inputs.ATTRIBUTE_ITEM, MAX_GROUPS), "");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        Inputs.Window window = Inputs.window(input, clock);
        if (input.path("list").asBoolean(false)) {
            return json(catalog(metrics.names(context.projectId(), window.from(), window.to(),
                    Inputs.text(input, "search"))), false, List.of());
        }
        String metric = Inputs.text(input, "metric").orElseThrow(() -> new ToolFailure(
                "give 'metric' (a name that list: true shows) and 'aggregation', or list: true to see the metrics"));
        String aggregation = Inputs.text(input, "aggregation").orElseThrow(() -> new ToolFailure(
                "give 'aggregation' for " + metric + ": sum, avg, min or max for gauges and sums, rate for counters,"
                        + " quantiles or avg for histograms (list: true shows which each metric allows)"));
        var quantiles = new ArrayList<Double>();
        input.path("quantiles").forEach(q -> quantiles.add(q.asDouble()));
        var groupBy = new ArrayList<MetricQuery.GroupKey>();
        var labels = new ArrayList<String>();
        input.path("group_by").forEach(g -> {
            String name = g.asString().strip();
            labels.add(name);
            groupBy.add(groupKey(name));
        });
        List<AttributeFilter> filters = Inputs.attributes(input.get("attributes"));
        var query = new MetricQuery(metric, window.from(), window.to(), MetricAggregation.parse(aggregation), quantiles,
                groupBy, Inputs.text(input, "service"), filters, Inputs.integer(input, "limit", 5));
        return json(series(metrics.query(context.projectId(), query), labels), false, List.of());
    }

    private static MetricQuery.GroupKey groupKey(String name) {
        if (name.startsWith("resource:")) {
            String key = name.substring("resource:".length()).strip();
            if (key.isEmpty()) {
                throw new ToolFailure("'resource:' needs an attribute key after it, e.g. resource:service.instance.id");
            }
            return MetricQuery.GroupKey.resource(key);
        }
        return MetricQuery.GroupKey.point(name);
    }

    private static ObjectNode catalog(MetricCatalog catalog) {
        ObjectNode data = Json.object();
        var list = data.putArray("metrics");
        for (MetricCatalog.Metric m : catalog.metrics()) {
            ObjectNode out = list.addObject().put("name", m.name()).put("type", m.type().name().toLowerCase())
                    .put("unit", m.unit()).put("description", m.description()).put("monotonic", m.monotonic())
                    .put("points", m.points());
            strings(out, "temporalities", m.temporalities().stream().map(String::toLowerCase).toList());
            strings(out, "services", m.services());
            strings(out, "attribute_keys", m.attributeKeys());
            strings(out, "resource_keys", m.resourceKeys());
            strings(out, "aggregations", m.aggregations().stream().map(MetricAggregation::label).toList());
        }
        return data.put("truncated", catalog.truncated());
    }

    /** The series, with the buckets where no series has data left out. */
    private static ObjectNode series(MetricSeries result, List<String> labels) {
        ObjectNode data = Json.object().put("metric", result.metric()).put("type", result.type().name().toLowerCase())
                .put("unit", result.unit()).put("aggregation", result.aggregation().label())
                .put("bucket_seconds", result.bucketWidth().toSeconds());
        var kept = new ArrayList<Integer>();
        for (int b = 0; b < result.buckets().size(); b++) {
            int bucket = b;
            if (result.series().stream().anyMatch(s -> s.points().get(bucket) != null)) {
                kept.add(b);
            }
        }
        var buckets = data.putArray("buckets");
        kept.forEach(b -> buckets.add(result.buckets().get(b).toString()));
        var list = data.putArray("series");
        for (MetricSeries.Series s : result.series()) {
            ObjectNode out = list.addObject();
            out.set("key", AggregateTool.key(s.key(), labels));
            out.put("measure", s.measure());
            var points = out.putArray("points");
            for (int b : kept) {
                Double point = s.points().get(b);
                if (point == null) {
                    points.addNull();
                } else {
                    points.add(new BigDecimal(point).round(FIGURES).doubleValue());
                }
            }
        }
        return data.put("omitted_groups", result.omittedGroups());
    }

    private static void strings(ObjectNode out, String field, List<String> values) {
        var array = out.putArray(field);
        values.forEach(array::add);
    }
}
