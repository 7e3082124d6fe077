package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LLM usage: tokens (cached-input, cache-write and reasoning tokens among them) and cost of LLM
 * calls (spans with a model), summed overall, per model, service or attribute, and over time;
 * and the slowest and costliest calls. Every value a caller gives reaches SQL as a bound
 * literal; field names and SQL come from this package only.
 */
public final class LlmUsageQueries {

    public static final int DEFAULT_CALLS = 10;
    static final int MAX_CALLS = 100;

    private static final List<AggregateQueries.Column> USAGE = List.of(
            AggregateQueries.Column.summed("calls", "count()"),
            AggregateQueries.Column.summed("input_tokens", "sum(llm_input_tokens)"),
            AggregateQueries.Column.summed("output_tokens", "sum(llm_output_tokens)"),
            AggregateQueries.Column.summed("cached_input_tokens", "sum(llm_cached_input_tokens)"),
            AggregateQueries.Column.summed("cache_write_tokens", "sum(llm_cache_write_tokens)"),
            AggregateQueries.Column.summed("reasoning_tokens", "sum(llm_reasoning_tokens)"),
            AggregateQueries.Column.summed("cost_usd", "sum(llm_cost_usd)"));
    private static final List<String> COSTLIEST_FIRST = List.of("cost_usd", "calls");
    private static final String USAGE_SUMS = AggregateQueries.direct(USAGE);

    /** The calls' usage summed over all of them, {@link #USAGE_SUMS}: one row. */
    private static final String TOTAL_USAGE = """
            SELECT <usage>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>""";

    /**
     * The first calls in {@code <order>}, {@link #LONGEST_FIRST} or {@link #COSTLIEST_CALLS_FIRST}; a span
     * stored twice (sent again after the de-duplication window) is listed once.
     */
    private static final String TOP_CALLS = """
            SELECT trace_id, span_id, service_name, name, llm_system, llm_model, llm_input_tokens, llm_output_tokens,
                   llm_cached_input_tokens, llm_cache_write_tokens, llm_reasoning_tokens, llm_cost_usd,
                   duration_ns, start_time_ns
            FROM spans
            WHERE project_id = {project:String}
            <conditions>ORDER BY <order>, start_time_ns DESC, trace_id, span_id
            LIMIT 1 BY trace_id, span_id
            LIMIT {limit:UInt32}""";

    private static final String LONGEST_FIRST = "duration_ns DESC, llm_cost_usd DESC";
    private static final String COSTLIEST_CALLS_FIRST = "llm_cost_usd DESC, duration_ns DESC";

    private final ProjectQueries queries;

    public LlmUsageQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /** The calls' usage overall (one group with an empty key), or per group, the costliest first. */
    public LlmUsageReport usage(String projectId, LlmUsageRequest request) {
        Conditions where = calls(request.filter());
        List<String> keys = AggregateQueries.keys(request.groupBy(), where);
        if (keys.isEmpty()) {
            String total = Fragments.fill(TOTAL_USAGE, Map.of("usage", USAGE_SUMS, "conditions", where.text()));
            LlmUsageReport.Usage usage = usage(queries.query(projectId, where.boundTo(total)).getFirst());
            return new LlmUsageReport(List.of(new LlmUsageReport.Group(List.of(), 1, usage)), Optional.empty(), usage);
        }
        var groups = new ArrayList<LlmUsageReport.Group>();
        Optional<LlmUsageReport.Group> other = Optional.empty();
        LlmUsageReport.Usage total = LlmUsageReport.Usage.NONE;
        for (Row row : queries.query(projectId,
                AggregateQueries.groups(where, "", keys, USAGE, COSTLIEST_FIRST, request.limit()))) {
            LlmUsageReport.Usage usage = usage(row);
            total = total.plus(usage);
            if (AggregateQueries.isOther(row)) {
                other = Optional.of(new LlmUsageReport.Group(List.of(), row.longValue("group_count"), usage));
            } else {
                groups.add(new LlmUsageReport.Group(QueryParts.strings(row.fields().get("group_key")), 1, usage));
            }
        }
        return new LlmUsageReport(groups, other, total);
    }

    /**
     * The calls' usage per time bucket (widths as {@link AggregateQueries#timeSeries}), overall
     * or per group of the costliest over the window, then "other".
     */
    public LlmUsageSeries usageOverTime(String projectId, LlmUsageRequest request) {
        Conditions where = calls(request.filter());
        AggregateQueries.Buckets<LlmUsageReport.Usage> buckets = AggregateQueries.buckets(queries, projectId,
                request.filter(), where, "", AggregateQueries.keys(request.groupBy(), where), USAGE, COSTLIEST_FIRST,
                request.limit(), LlmUsageQueries::usage, LlmUsageReport.Usage.NONE);
        return new LlmUsageSeries(buckets.width(), buckets.starts(),
                buckets.series().stream().map(s -> new LlmUsageSeries.Series(s.key(), s.points())).toList(),
                buckets.other().map(points -> new LlmUsageSeries.Series(List.of(), points)));
    }

    /** The longest calls the filter selects, longest first. */
    public List<LlmCall> slowestCalls(String projectId, SpanFilter filter, int limit) {
        return topCalls(projectId, filter, limit, LONGEST_FIRST);
    }

    /** The costliest calls the filter selects, costliest first (then the longest). */
    public List<LlmCall> costliestCalls(String projectId, SpanFilter filter, int limit) {
        return topCalls(projectId, filter, limit, COSTLIEST_CALLS_FIRST);
    }

    private List<LlmCall> topCalls(String projectId, SpanFilter filter, int limit, String order) {
        if (limit < 1 || limit > MAX_CALLS) {
            throw new InvalidQueryException("the number of calls must be 1 to " + MAX_CALLS + ", was " + limit);
        }
        Conditions where = calls(filter).bind("limit", limit);
        List<Row> rows = queries.query(projectId,
                where.boundTo(Fragments.fill(TOP_CALLS, Map.of("conditions", where.text(), "order", order))));
        return rows.stream().map(r -> new LlmCall(r.string("trace_id"), r.string("span_id"), r.string("service_name"),
                r.string("name"), r.string("llm_system"), r.string("llm_model"), r.longValue("llm_input_tokens"),
                r.longValue("llm_output_tokens"), r.longValue("llm_cached_input_tokens"),
                r.longValue("llm_cache_write_tokens"), r.longValue("llm_reasoning_tokens"), r.doubleValue("llm_cost_usd"),
                r.longValue("duration_ns"), r.longValue("start_time_ns"))).toList();
    }

    private static Conditions calls(SpanFilter filter) {
        return filter.where().and("llm_model != ''");
    }

    private static LlmUsageReport.Usage usage(Row row) {
        return new LlmUsageReport.Usage(row.longValue("calls"), row.longValue("input_tokens"),
                row.longValue("output_tokens"), row.longValue("cached_input_tokens"), row.longValue("cache_write_tokens"),
                row.longValue("reasoning_tokens"), row.doubleValue("cost_usd"));
    }
}
