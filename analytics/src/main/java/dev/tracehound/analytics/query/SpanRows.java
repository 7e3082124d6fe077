package dev.tracehound.analytics.query;

import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.SpanRow;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Spans read back from ClickHouse's JSON rows, the columns of {@link #COLUMNS}. */
final class SpanRows {

    static final String COLUMNS = """
            project_id, trace_id, span_id, parent_span_id, trace_state, name, kind, status_code, status_message,
            service_name, scope_name, scope_version, start_time_ns, duration_ns,
            resource_attributes.key, resource_attributes.value, span_attributes.key, span_attributes.value,
            events.time_ns, events.name, events.attribute_keys, events.attribute_values,
            links.trace_id, links.span_id, links.attribute_keys, links.attribute_values,
            llm_system, llm_model, llm_input_tokens, llm_output_tokens, llm_cached_input_tokens, llm_cache_write_tokens,
            llm_reasoning_tokens, llm_cost_usd""";

    private SpanRows() {}

    static SpanRow of(Row row) {
        JsonNode f = row.fields();
        var events = new ArrayList<SpanRow.SpanEvent>();
        JsonNode eventTimes = f.get("events.time_ns");
        for (int i = 0; i < eventTimes.size(); i++) {
            events.add(new SpanRow.SpanEvent(QueryParts.longOf(eventTimes.get(i)), f.get("events.name").get(i).asString(),
                    QueryParts.pairs(f.get("events.attribute_keys").get(i), f.get("events.attribute_values").get(i))));
        }
        var links = new ArrayList<SpanRow.SpanLink>();
        JsonNode linkTraces = f.get("links.trace_id");
        for (int i = 0; i < linkTraces.size(); i++) {
            links.add(new SpanRow.SpanLink(linkTraces.get(i).asString(), f.get("links.span_id").get(i).asString(),
                    QueryParts.pairs(f.get("links.attribute_keys").get(i), f.get("links.attribute_values").get(i))));
        }
        return new SpanRow(row.string("project_id"), row.string("trace_id"), row.string("span_id"),
                row.string("parent_span_id"), row.string("trace_state"), row.string("name"),
                SpanRow.SpanKind.valueOf(row.string("kind")), SpanRow.StatusCode.valueOf(row.string("status_code")),
                row.string("status_message"), row.string("service_name"), row.string("scope_name"),
                row.string("scope_version"), row.longValue("start_time_ns"), row.longValue("duration_ns"),
                QueryParts.pairs(f.get("resource_attributes.key"), f.get("resource_attributes.value")),
                QueryParts.pairs(f.get("span_attributes.key"), f.get("span_attributes.value")), List.copyOf(events),
                List.copyOf(links), new SpanRow.LlmUsage(row.string("llm_system"), row.string("llm_model"),
                        row.longValue("llm_input_tokens"), row.longValue("llm_output_tokens"),
                        row.longValue("llm_cached_input_tokens"), row.longValue("llm_cache_write_tokens"),
                        row.longValue("llm_reasoning_tokens"), row.doubleValue("llm_cost_usd")));
    }
}
