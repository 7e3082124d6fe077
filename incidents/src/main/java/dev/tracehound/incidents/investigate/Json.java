package dev.tracehound.incidents.investigate;

import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.investigate.IncidentReport.Confidence;
import dev.tracehound.incidents.investigate.IncidentReport.Evidence;
import dev.tracehound.incidents.investigate.IncidentReport.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON columns of {@code investigations}: the incident's context as it was asked about, and the
 * report. Written field by field (snake_case, NaN as null), so the stored shape does not follow
 * the records' names by accident.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static String context(IncidentContext context) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("incident_id", context.incidentId().toString())
                .put("workspace_id", context.workspaceId().toString())
                .put("project_id", context.projectId().toString())
                .put("title", context.title())
                .put("service", context.service())
                .put("severity", context.severity().wireName())
                .put("opened_at", context.openedAt().toString());
        ArrayNode firing = root.putArray("firing");
        for (Observation o : context.firing()) {
            ObjectNode node = firing.addObject()
                    .put("source", o.source())
                    .put("series_key", o.seriesKey())
                    .put("verdict", o.verdict().name().toLowerCase(Locale.ROOT))
                    .put("severity", o.severity().wireName())
                    .put("volume", o.volume())
                    .put("summary", o.summary());
            number(node, "value", o.value());
            number(node, "baseline", o.baseline());
            ObjectNode labels = node.putObject("labels");
            o.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(label -> labels.put(label.getKey(), label.getValue()));
        }
        return root.toString();
    }

    static IncidentContext context(String json) {
        JsonNode root = MAPPER.readTree(json);
        var firing = new ArrayList<Observation>();
        for (JsonNode node : root.path("firing")) {
            var labels = new LinkedHashMap<String, String>();
            node.path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString("")));
            firing.add(new Observation(node.path("source").asString(""), node.path("series_key").asString(""), labels,
                    Observation.Verdict.valueOf(node.path("verdict").asString("breaching").toUpperCase(Locale.ROOT)),
                    Severity.parse(node.path("severity").asString("low")), number(node.path("value")),
                    number(node.path("baseline")), node.path("volume").asLong(0), node.path("summary").asString("")));
        }
        return new IncidentContext(UUID.fromString(root.path("incident_id").asString()),
                UUID.fromString(root.path("workspace_id").asString()), UUID.fromString(root.path("project_id").asString()),
                root.path("title").asString(""), root.path("service").asString(""),
                Severity.parse(root.path("severity").asString("low")), Instant.parse(root.path("opened_at").asString()),
                firing);
    }

    static String report(IncidentReport report) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("summary", report.summary())
                .put("suspected_cause", report.suspectedCause())
                .put("confidence", report.confidence().wireName())
                .put("not_determined", report.notDetermined())
                .put("session_id", report.sessionId().toString())
                .put("answer", report.answer());
        ObjectNode evidence = root.putObject("evidence");
        ArrayNode traces = evidence.putArray("trace_ids");
        report.evidence().traceIds().forEach(traces::add);
        ArrayNode queries = evidence.putArray("queries");
        for (Query query : report.evidence().queries()) {
            queries.addObject().put("tool", query.tool()).put("kind", query.kind()).put("input", query.input())
                    .put("result", query.result()).put("error", query.error());
        }
        return root.toString();
    }

    static IncidentReport report(String json) {
        JsonNode root = MAPPER.readTree(json);
        JsonNode evidence = root.path("evidence");
        var traces = new ArrayList<String>();
        evidence.path("trace_ids").forEach(id -> traces.add(id.asString("")));
        var queries = new ArrayList<Query>();
        for (JsonNode q : evidence.path("queries")) {
            queries.add(new Query(q.path("tool").asString(""), q.path("kind").asString(""), q.path("input").asString(""),
                    q.path("result").asString(""), q.path("error").asBoolean(false)));
        }
        return new IncidentReport(root.path("summary").asString(""), root.path("suspected_cause").asString(""),
                Confidence.parse(root.path("confidence").asString("")), root.path("not_determined").asString(""),
                new Evidence(traces, queries), UUID.fromString(root.path("session_id").asString()),
                root.path("answer").asString(""));
    }

    /** The {@code reason} of a {@code done} event, the {@code message} of an {@code error} event. */
    static String field(String json, String name) {
        try {
            return MAPPER.readTree(json).path(name).asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
