package dev.tracehound.analytics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Rows as ClickHouse's JSONEachRow lines: one JSON object per row, column names as keys. */
final class JsonRows {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

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
        void write(JsonGenerator json, T row, Resources resources);
    }

    /**
     * The rows of one request share a few resource attribute maps (one per OTLP resource), and
     * repeating their encoding for every row was a third of ingest's CPU: each distinct map is
     * encoded once per call and then copied as raw bytes.
     */
    private static final class Resources {
        private final IdentityHashMap<Map<String, String>, SerializedString> encoded = new IdentityHashMap<>();

        /** Writes both columns of {@code resource_attributes}; a property must come before it. */
        void write(JsonGenerator json, Map<String, String> attributes) {
            json.writeRaw(encoded.computeIfAbsent(attributes, Resources::encode));
        }

        private static SerializedString encode(Map<String, String> attributes) {
            var out = new ByteArrayOutputStream(64 + attributes.size() * 48);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                writeAttributes(json, "resource_attributes", attributes);
                json.writeEndObject();
            }
            String object = out.toString(StandardCharsets.UTF_8);
            // {"a":..,"b":..} becomes ,"a":..,"b":.. to follow the row's previous property.
            return new SerializedString("," + object.substring(1, object.length() - 1));
        }
    }

    private static <T> byte[] encode(Collection<T> rows, RowEncoder<T> encoder) {
        var resources = new Resources();
        var out = new ByteArrayOutputStream(rows.size() * 512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (T row : rows) {
                json.writeStartObject();
                encoder.write(json, row, resources);
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
        return out.toByteArray();
    }

    private static void writeSpan(JsonGenerator json, SpanRow s, Resources resources) {
        json.writeStringProperty("project_id", s.projectId());
        json.writeStringProperty("trace_id", s.traceId());
        json.writeStringProperty("span_id", s.spanId());
        json.writeStringProperty("parent_span_id", s.parentSpanId());
        json.writeStringProperty("trace_state", s.traceState());
        json.writeStringProperty("name", s.name());
        json.writeStringProperty("kind", s.kind().name());
        json.writeStringProperty("status_code", s.statusCode().name());
        json.writeStringProperty("status_message", s.statusMessage());
        json.writeStringProperty("service_name", s.serviceName());
        json.writeStringProperty("scope_name", s.scopeName());
        json.writeStringProperty("scope_version", s.scopeVersion());
        json.writeNumberProperty("start_time_ns", s.startTimeNanos());
        json.writeNumberProperty("duration_ns", s.durationNanos());
        resources.write(json, s.resourceAttributes());
        writeAttributes(json, "span_attributes", s.attributes());
        List<SpanRow.SpanEvent> events = s.events();
        json.writeName("events.time_ns");
        json.writeStartArray();
        for (SpanRow.SpanEvent e : events) {
            json.writeNumber(e.timeNanos());
        }
        json.writeEndArray();
        writeStrings(json, "events.name", events, SpanRow.SpanEvent::name);
        writeNestedKeys(json, "events.attribute_keys", events, SpanRow.SpanEvent::attributes, true);
        writeNestedKeys(json, "events.attribute_values", events, SpanRow.SpanEvent::attributes, false);
        List<SpanRow.SpanLink> links = s.links();
        writeStrings(json, "links.trace_id", links, SpanRow.SpanLink::traceId);
        writeStrings(json, "links.span_id", links, SpanRow.SpanLink::spanId);
        writeNestedKeys(json, "links.attribute_keys", links, SpanRow.SpanLink::attributes, true);
        writeNestedKeys(json, "links.attribute_values", links, SpanRow.SpanLink::attributes, false);
        json.writeStringProperty("llm_system", s.llm().system());
        json.writeStringProperty("llm_model", s.llm().model());
        json.writeNumberProperty("llm_input_tokens", s.llm().inputTokens());
        json.writeNumberProperty("llm_output_tokens", s.llm().outputTokens());
        json.writeNumberProperty("llm_cost_usd", s.llm().costUsd());
    }

    private static void writeLog(JsonGenerator json, LogRow l, Resources resources) {
        json.writeStringProperty("project_id", l.projectId());
        json.writeNumberProperty("time_ns", l.timeNanos());
        json.writeNumberProperty("observed_time_ns", l.observedTimeNanos());
        json.writeStringProperty("trace_id", l.traceId());
        json.writeStringProperty("span_id", l.spanId());
        json.writeNumberProperty("severity_number", l.severityNumber());
        json.writeStringProperty("severity_text", l.severityText());
        json.writeStringProperty("service_name", l.serviceName());
        json.writeStringProperty("body", l.body());
        resources.write(json, l.resourceAttributes());
        writeAttributes(json, "log_attributes", l.attributes());
        json.writeStringProperty("scope_name", l.scopeName());
    }

    // Jackson writes NaN and the infinities as the strings "NaN", "Infinity" and "-Infinity",
    // which ClickHouse (18.16 too) reads into Float64 columns.
    private static void writeMetric(JsonGenerator json, MetricRow m, Resources resources) {
        json.writeStringProperty("project_id", m.projectId());
        json.writeStringProperty("metric_name", m.name());
        json.writeStringProperty("metric_description", m.description());
        json.writeStringProperty("metric_unit", m.unit());
        json.writeStringProperty("metric_type", m.type().name());
        json.writeStringProperty("temporality", m.temporality().name());
        json.writeNumberProperty("is_monotonic", m.monotonic() ? 1 : 0);
        json.writeStringProperty("service_name", m.serviceName());
        json.writeStringProperty("scope_name", m.scopeName());
        json.writeStringProperty("scope_version", m.scopeVersion());
        json.writeNumberProperty("start_time_ns", m.startTimeNanos());
        json.writeNumberProperty("time_ns", m.timeNanos());
        resources.write(json, m.resourceAttributes());
        writeAttributes(json, "metric_attributes", m.attributes());
        json.writeNumberProperty("value", m.value());
        MetricRow.Histogram h = m.histogram();
        if (h != null) {
            json.writeNumberProperty("histogram_count", h.count());
            writeOptional(json, "histogram_sum", h.sum());
            writeOptional(json, "histogram_min", h.min());
            writeOptional(json, "histogram_max", h.max());
            json.writeName("bucket_counts");
            json.writeStartArray();
            for (long count : h.bucketCounts()) {
                json.writeNumber(count);
            }
            json.writeEndArray();
            json.writeName("explicit_bounds");
            json.writeStartArray();
            for (double bound : h.explicitBounds()) {
                json.writeNumber(bound);
            }
            json.writeEndArray();
        }
    }

    private static void writeOptional(JsonGenerator json, String column, OptionalDouble value) {
        if (value.isPresent()) {
            json.writeNumberProperty(column, value.getAsDouble());
        } else {
            json.writeNullProperty(column);
        }
    }

    private static void writeAttributes(JsonGenerator json, String column, Map<String, String> attributes) {
        json.writeName(column + ".key");
        json.writeStartArray();
        for (String key : attributes.keySet()) {
            json.writeString(key);
        }
        json.writeEndArray();
        json.writeName(column + ".value");
        json.writeStartArray();
        for (String value : attributes.values()) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static <T> void writeStrings(JsonGenerator json, String column, List<T> items, Function<T, String> field) {
        json.writeName(column);
        json.writeStartArray();
        for (T item : items) {
            json.writeString(field.apply(item));
        }
        json.writeEndArray();
    }

    private static <T> void writeNestedKeys(
            JsonGenerator json, String column, List<T> items, Function<T, Map<String, String>> attributes, boolean keys) {
        json.writeName(column);
        json.writeStartArray();
        for (T item : items) {
            json.writeStartArray();
            for (String text : keys ? attributes.apply(item).keySet() : attributes.apply(item).values()) {
                json.writeString(text);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
    }
}
