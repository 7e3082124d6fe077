package dev.tracehound.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/** Rows as ClickHouse's JSONEachRow lines: one JSON object per row, column names as keys. */
final class JsonRows {

    private static final String RESOURCE_KEYS = "resource_attributes.key";
    private static final String RESOURCE_VALUES = "resource_attributes.value";

    private JsonRows() {}

    static byte[] spans(Collection<SpanRow> rows) {
        return encode(rows, JsonRows::writeSpan);
    }

    static byte[] logs(Collection<LogRow> rows) {
        return encode(rows, JsonRows::writeLog);
    }

    static byte[] metrics(Collection<MetricRow> rows) {
        return encode(rows, JsonRows::writeMetric);
    }

    static RowBatch spanBatch(Collection<SpanRow> rows) {
        return batch(TelemetryTable.SPANS, rows, SpanRow::projectId, JsonRows::writeSpan);
    }

    static RowBatch logBatch(Collection<LogRow> rows) {
        return batch(TelemetryTable.LOGS, rows, LogRow::projectId, JsonRows::writeLog);
    }

    static RowBatch metricBatch(Collection<MetricRow> rows) {
        return batch(TelemetryTable.METRICS, rows, MetricRow::projectId, JsonRows::writeMetric);
    }

    private static <T> RowBatch batch(
            TelemetryTable table, Collection<T> rows, Function<T, String> project, RowEncoder<T> encoder) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a row batch holds at least one row");
        }
        String projectId = project.apply(rows.iterator().next());
        byte[] plain = encode(rows, encoder);
        String id = contentId(table, projectId, plain);
        // Each line ends in "}\n": the id goes in as the last field of every row.
        byte[] suffix = (",\"ingest_batch\":\"" + id + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        var lines = new byte[plain.length + rows.size() * (suffix.length - 2)];
        int out = 0;
        int start = 0;
        for (int i = 0; i < plain.length; i++) {
            if (plain[i] == '\n') {
                int length = i - 1 - start;
                System.arraycopy(plain, start, lines, out, length);
                out += length;
                System.arraycopy(suffix, 0, lines, out, suffix.length);
                out += suffix.length;
                start = i + 1;
            }
        }
        return new RowBatch(table, projectId, id, lines, rows.size());
    }

    private static String contentId(TelemetryTable table, String projectId, byte[] rows) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((table.tableName() + '\n' + projectId + '\n').getBytes(StandardCharsets.UTF_8));
            // 128 bits: a collision would drop a batch as a duplicate, so it must not happen in practice.
            return HexFormat.of().formatHex(digest.digest(rows), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface RowEncoder<T> {
        void write(JsonLineWriter json, T row, Resources resources);
    }

    /**
     * The rows of one request share a few resource attribute maps (one per OTLP resource), and
     * repeating their encoding for every row cost a third of ingest's CPU: each distinct map is
     * encoded once per call and then copied as bytes.
     */
    private static final class Resources {
        private final IdentityHashMap<Map<String, String>, byte[]> encoded = new IdentityHashMap<>();

        /** Writes both columns of {@code resource_attributes}. */
        void write(JsonLineWriter json, Map<String, String> attributes) {
            json.raw(encoded.computeIfAbsent(attributes, Resources::encode));
        }

        private static byte[] encode(Map<String, String> attributes) {
            var json = new JsonLineWriter(64 + attributes.size() * 48);
            json.beginRow();
            writeAttributes(json, RESOURCE_KEYS, RESOURCE_VALUES, attributes);
            json.endRow();
            byte[] row = json.toByteArray();
            // {"a":..,"b":..}\n without its braces and newline: the members alone.
            return Arrays.copyOfRange(row, 1, row.length - 2);
        }
    }

    private static <T> byte[] encode(Collection<T> rows, RowEncoder<T> encoder) {
        var resources = new Resources();
        var json = new JsonLineWriter(rows.size() * 768);
        for (T row : rows) {
            json.beginRow();
            encoder.write(json, row, resources);
            json.endRow();
        }
        return json.toByteArray();
    }

    private static void writeSpan(JsonLineWriter json, SpanRow s, Resources resources) {
        json.string("project_id", s.projectId());
        json.string("trace_id", s.traceId());
        json.string("span_id", s.spanId());
        json.string("parent_span_id", s.parentSpanId());
        json.string("trace_state", s.traceState());
        json.string("name", s.name());
        json.string("kind", s.kind().name());
        json.string("status_code", s.statusCode().name());
        json.string("status_message", s.statusMessage());
        json.string("service_name", s.serviceName());
        json.string("scope_name", s.scopeName());
        json.string("scope_version", s.scopeVersion());
        json.number("start_time_ns", s.startTimeNanos());
        json.number("duration_ns", s.durationNanos());
        resources.write(json, s.resourceAttributes());
        writeAttributes(json, "span_attributes.key", "span_attributes.value", s.attributes());
        List<SpanRow.SpanEvent> events = s.events();
        json.beginArray("events.time_ns");
        for (SpanRow.SpanEvent e : events) {
            json.element(e.timeNanos());
        }
        json.endArray();
        writeStrings(json, "events.name", events, SpanRow.SpanEvent::name);
        writeNestedKeys(json, "events.attribute_keys", events, SpanRow.SpanEvent::attributes, true);
        writeNestedKeys(json, "events.attribute_values", events, SpanRow.SpanEvent::attributes, false);
        List<SpanRow.SpanLink> links = s.links();
        writeStrings(json, "links.trace_id", links, SpanRow.SpanLink::traceId);
        writeStrings(json, "links.span_id", links, SpanRow.SpanLink::spanId);
        writeNestedKeys(json, "links.attribute_keys", links, SpanRow.SpanLink::attributes, true);
        writeNestedKeys(json, "links.attribute_values", links, SpanRow.SpanLink::attributes, false);
        json.string("llm_system", s.llm().system());
        json.string("llm_model", s.llm().model());
        json.number("llm_input_tokens", s.llm().inputTokens());
        json.number("llm_output_tokens", s.llm().outputTokens());
        json.number("llm_cached_input_tokens", s.llm().cachedInputTokens());
        json.number("llm_cache_write_tokens", s.llm().cacheWriteTokens());
        json.number("llm_reasoning_tokens", s.llm().reasoningTokens());
        json.number("llm_cost_usd", s.llm().costUsd());
        json.number("ingested_bytes", s.ingestedBytes());
    }

    private static void writeLog(JsonLineWriter json, LogRow l, Resources resources) {
        json.string("project_id", l.projectId());
        json.number("time_ns", l.timeNanos());
        json.number("observed_time_ns", l.observedTimeNanos());
        json.string("trace_id", l.traceId());
        json.string("span_id", l.spanId());
        json.number("severity_number", l.severityNumber());
        json.string("severity_text", l.severityText());
        json.string("service_name", l.serviceName());
        json.string("body", l.body());
        resources.write(json, l.resourceAttributes());
        writeAttributes(json, "log_attributes.key", "log_attributes.value", l.attributes());
        json.string("scope_name", l.scopeName());
        json.number("ingested_bytes", l.ingestedBytes());
    }

    // NaN and the infinities go as the strings "NaN", "Infinity" and "-Infinity", which
    // ClickHouse (18.16 too) reads into Float64 columns.
    private static void writeMetric(JsonLineWriter json, MetricRow m, Resources resources) {
        json.string("project_id", m.projectId());
        json.string("metric_name", m.name());
        json.string("metric_description", m.description());
        json.string("metric_unit", m.unit());
        json.string("metric_type", m.type().name());
        json.string("temporality", m.temporality().name());
        json.number("is_monotonic", m.monotonic() ? 1 : 0);
        json.string("service_name", m.serviceName());
        json.string("scope_name", m.scopeName());
        json.string("scope_version", m.scopeVersion());
        json.number("start_time_ns", m.startTimeNanos());
        json.number("time_ns", m.timeNanos());
        resources.write(json, m.resourceAttributes());
        writeAttributes(json, "metric_attributes.key", "metric_attributes.value", m.attributes());
        json.number("value", m.value());
        json.number("ingested_bytes", m.ingestedBytes());
        MetricRow.Histogram h = m.histogram();
        if (h != null) {
            json.number("histogram_count", h.count());
            writeOptional(json, "histogram_sum", h.sum());
            writeOptional(json, "histogram_min", h.min());
            writeOptional(json, "histogram_max", h.max());
            json.beginArray("bucket_counts");
            for (long count : h.bucketCounts()) {
                json.element(count);
            }
            json.endArray();
            json.beginArray("explicit_bounds");
            for (double bound : h.explicitBounds()) {
                json.element(bound);
            }
            json.endArray();
        }
        MetricRow.ExponentialHistogram e = m.exponential();
        if (e != null) {
            json.number("histogram_count", e.count());
            writeOptional(json, "histogram_sum", e.sum());
            writeOptional(json, "histogram_min", e.min());
            writeOptional(json, "histogram_max", e.max());
            json.number("exp_scale", e.scale());
            json.number("exp_zero_count", e.zeroCount());
            json.number("exp_zero_threshold", e.zeroThreshold());
            json.number("exp_positive_offset", e.positiveOffset());
            json.beginArray("exp_positive_counts");
            for (long count : e.positiveCounts()) {
                json.element(count);
            }
            json.endArray();
            json.number("exp_negative_offset", e.negativeOffset());
            json.beginArray("exp_negative_counts");
            for (long count : e.negativeCounts()) {
                json.element(count);
            }
            json.endArray();
        }
        MetricRow.Summary s = m.summary();
        if (s != null) {
            json.number("histogram_count", s.count());
            json.number("histogram_sum", s.sum());
            json.beginArray("summary_quantiles");
            for (double quantile : s.quantiles()) {
                json.element(quantile);
            }
            json.endArray();
            json.beginArray("summary_values");
            for (double value : s.values()) {
                json.element(value);
            }
            json.endArray();
        }
    }

    private static void writeOptional(JsonLineWriter json, String column, OptionalDouble value) {
        if (value.isPresent()) {
            json.number(column, value.getAsDouble());
        } else {
            json.nullValue(column);
        }
    }

    private static void writeAttributes(JsonLineWriter json, String keysColumn, String valuesColumn,
            Map<String, String> attributes) {
        json.beginArray(keysColumn);
        for (String key : attributes.keySet()) {
            json.element(key);
        }
        json.endArray();
        json.beginArray(valuesColumn);
        for (String value : attributes.values()) {
            json.element(value);
        }
        json.endArray();
    }

    private static <T> void writeStrings(JsonLineWriter json, String column, List<T> items, Function<T, String> field) {
        json.beginArray(column);
        for (T item : items) {
            json.element(field.apply(item));
        }
        json.endArray();
    }

    private static <T> void writeNestedKeys(
            JsonLineWriter json, String column, List<T> items, Function<T, Map<String, String>> attributes, boolean keys) {
        json.beginArray(column);
        for (T item : items) {
            json.beginArray();
            for (String text : keys ? attributes.apply(item).keySet() : attributes.apply(item).values()) {
                json.element(text);
            }
            json.endArray();
        }
        json.endArray();
    }
}
