package dev.tracehound.incidents.rule;

import dev.tracehound.incidents.Severity;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alert rules as JSON, one shape for the API and for the rows of {@code alert_rules}: field names
 * in camelCase as the rest of the API, enum values and durations as short lower-case words
 * ({@code "error_rate"}, {@code "5m"}). Reading refuses unknown fields and wrong types with an
 * {@link InvalidRuleException} that names the field.
 *
 * <pre>{@code
 * {"name": "Checkout errors", "window": "5m", "interval": "1m", "severity": "high",
 *  "query": {"signal": "spans", "measure": "error_rate", "service": "checkout",
 *            "filters": {"http.route": "/pay"}, "groupBy": ["name"], "minVolume": 10},
 *  "condition": {"type": "change", "direction": "above", "baseline": "day_before",
 *                "factor": 1.5, "minDifference": 0.02},
 *  "labels": {"team": "payments"}, "channelIds": [], "investigate": true, "enabled": true}
 * }</pre>
 * A query over metrics: {@code {"signal": "metrics", "metric": "http.server.request.duration",
 * "aggregation": "quantiles", "quantile": 0.99, "service": "checkout", "filters": {}, "groupBy": []}}.
 */
public final class RuleJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final Set<String> DRAFT_FIELDS = Set.of("name", "query", "condition", "window", "interval",
            "severity", "labels", "channelIds", "investigate", "enabled");
    /** Fields of a stored rule a client may send back unchanged; they are not the client's to set. */
    private static final Set<String> READ_ONLY_FIELDS = Set.of("id", "workspaceId", "projectId", "createdBy",
            "createdAt", "updatedAt");
    private static final Set<String> SPAN_FIELDS = Set.of("signal", "measure", "attribute", "service", "filters",
            "groupBy", "minVolume");
    private static final Set<String> METRIC_FIELDS = Set.of("signal", "metric", "aggregation", "quantile", "service",
            "filters", "groupBy");
    private static final Set<String> LOG_FIELDS = Set.of("signal", "service", "minSeverity", "bodyContains", "groupBy");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("type", "direction", "value");
    private static final Set<String> CHANGE_FIELDS = Set.of("type", "direction", "baseline", "trailingHours", "factor",
            "minDifference");

    private RuleJson() {}

    /** A rule as a request body holds it; {@code investigate} defaults to false, {@code enabled} to true. */
    public static RuleDraft draft(JsonNode body) {
        requireObject("the rule", body);
        requireOnly("the rule", body, union(DRAFT_FIELDS, READ_ONLY_FIELDS));
        return new RuleDraft(text(body, "name").orElse(""), query(body.get("query")), condition(body.get("condition")),
                durationField(body, "window"), durationField(body, "interval"),
                severity(text(body, "severity").orElse(null)), labels(body.get("labels")), channels(body.get("channelIds")),
                bool(body, "investigate", false), bool(body, "enabled", true));
    }

    public static RuleQuery query(JsonNode node) {
        requireObject("'query'", node);
        String signal = text(node, "signal").orElse("spans").toLowerCase(Locale.ROOT);
        switch (signal) {
            case "spans" -> {
                requireOnly("a span query", node, SPAN_FIELDS);
                RuleQuery.Measure measure = RuleQuery.Measure.parse(text(node, "measure").orElse(null));
                long defaultVolume = measure == RuleQuery.Measure.COUNT ? 0 : RuleQuery.DEFAULT_MIN_VOLUME;
                return new RuleQuery.Spans(measure, text(node, "attribute"), text(node, "service"),
                        labels(node.get("filters"), "'query.filters'"), strings(node.get("groupBy"), "'query.groupBy'"),
                        integer(node, "minVolume").orElse(defaultVolume));
            }
            case "logs" -> {
                requireOnly("a log query", node, LOG_FIELDS);
                List<String> groupBy = strings(node.get("groupBy"), "'query.groupBy'");
                if (!groupBy.isEmpty() && !groupBy.equals(List.of(RuleQuery.SERVICE_NAME))) {
                    throw new InvalidRuleException("log counts are grouped by service_name or not at all, not by "
                            + groupBy);
                }
                return new RuleQuery.Logs(text(node, "service"), integer(node, "minSeverity").map(Math::toIntExact),
                        text(node, "bodyContains"), !groupBy.isEmpty());
            }
            case "metrics" -> {
                requireOnly("a metric query", node, METRIC_FIELDS);
                return new RuleQuery.Metrics(text(node, "metric").orElse(""),
                        RuleQuery.Metrics.aggregation(text(node, "aggregation").orElse(null)), number(node, "quantile"),
                        text(node, "service"), labels(node.get("filters"), "'query.filters'"),
                        strings(node.get("groupBy"), "'query.groupBy'"));
            }
            default -> throw new InvalidRuleException("a query's signal is spans, logs or metrics, was '" + signal + "'");
        }
    }

    public static Condition condition(JsonNode node) {
        requireObject("'condition'", node);
        String type = text(node, "type").orElse("").toLowerCase(Locale.ROOT);
        Condition.Direction direction = Condition.Direction.parse(text(node, "direction").orElse(null));
        return switch (type) {
            case "threshold" -> {
                requireOnly("a threshold", node, THRESHOLD_FIELDS);
                yield new Condition.Threshold(direction, number(node, "value")
                        .orElseThrow(() -> new InvalidRuleException("a threshold needs a 'value'")));
            }
            case "change" -> {
                requireOnly("a change", node, CHANGE_FIELDS);
                Condition.Baseline.Kind kind = Condition.Baseline.Kind.parse(text(node, "baseline").orElse(null));
                Optional<Long> hours = integer(node, "trailingHours");
                if (kind != Condition.Baseline.Kind.TRAILING && hours.isPresent()) {
                    throw new InvalidRuleException("'trailingHours' goes with the trailing baseline only");
                }
                Condition.Baseline baseline = new Condition.Baseline(kind, kind == Condition.Baseline.Kind.TRAILING
                        ? Duration.ofHours(hours.orElseThrow(() -> new InvalidRuleException(
                                "a trailing baseline needs 'trailingHours', 1 to " + Condition.Baseline.MAX_TRAILING.toHours())))
                        : Duration.ZERO);
                yield new Condition.Change(direction, baseline, number(node, "factor").orElse(1.0),
                        number(node, "minDifference").orElse(0.0));
            }
            default -> throw new InvalidRuleException("a condition's type is threshold or change, was '" + type + "'");
        };
    }

    public static ObjectNode json(AlertRule rule) {
        ObjectNode node = NODES.objectNode();
        node.put("id", rule.id().toString());
        node.put("workspaceId", rule.workspaceId().toString());
        node.put("projectId", rule.projectId().toString());
        node.put("name", rule.name());
        node.set("query", json(rule.query()));
        node.set("condition", json(rule.condition()));
        node.put("window", duration(rule.window()));
        node.put("interval", duration(rule.interval()));
        node.put("severity", rule.severity().wireName());
        node.set("labels", object(rule.labels()));
        ArrayNode channels = node.putArray("channelIds");
        rule.channelIds().forEach(id -> channels.add(id.toString()));
        node.put("investigate", rule.investigate());
        node.put("enabled", rule.enabled());
        node.put("createdBy", rule.createdBy());
        node.put("createdAt", rule.createdAt().toString());
        node.put("updatedAt", rule.updatedAt().toString());
        return node;
    }

    public static ObjectNode json(RuleQuery query) {
        ObjectNode node = NODES.objectNode();
        switch (query) {
            case RuleQuery.Spans spans -> {
                node.put("signal", "spans");
                node.put("measure", spans.measure().wireName());
                spans.attribute().ifPresent(a -> node.put("attribute", a));
                spans.service().ifPresent(s -> node.put("service", s));
                node.set("filters", object(spans.filters()));
                ArrayNode groupBy = node.putArray("groupBy");
                spans.groupBy().forEach(groupBy::add);
                node.put("minVolume", spans.minVolume());
            }
            case RuleQuery.Logs logs -> {
                node.put("signal", "logs");
                logs.service().ifPresent(s -> node.put("service", s));
                logs.minSeverity().ifPresent(s -> node.put("minSeverity", s));
                logs.bodyContains().ifPresent(b -> node.put("bodyContains", b));
                ArrayNode groupBy = node.putArray("groupBy");
                logs.groupBy().forEach(groupBy::add);
            }
            case RuleQuery.Metrics metrics -> {
                node.put("signal", "metrics");
                node.put("metric", metrics.metric());
                node.put("aggregation", metrics.aggregation().label());
                metrics.quantile().ifPresent(q -> node.put("quantile", q));
                metrics.service().ifPresent(s -> node.put("service", s));
                node.set("filters", object(metrics.filters()));
                ArrayNode groupBy = node.putArray("groupBy");
                metrics.groupBy().forEach(groupBy::add);
            }
        }
        return node;
    }

    public static ObjectNode json(Condition condition) {
        ObjectNode node = NODES.objectNode();
        switch (condition) {
            case Condition.Threshold threshold -> {
                node.put("type", "threshold");
                node.put("direction", threshold.direction().wireName());
                node.put("value", threshold.value());
            }
            case Condition.Change change -> {
                node.put("type", "change");
                node.put("direction", change.direction().wireName());
                node.put("baseline", change.baseline().kind().wireName());
                if (change.baseline().kind() == Condition.Baseline.Kind.TRAILING) {
                    node.put("trailingHours", change.baseline().trailing().toHours());
                }
                node.put("factor", change.factor());
                node.put("minDifference", change.minDifference());
            }
        }
        return node;
    }

    /** {@code 30s}, {@code 5m}, {@code 1h30m}, or ISO-8601 ({@code PT5M}). */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (!t.isEmpty() && m.matches()) {
            long seconds = 0;
            for (int group = 1; group <= 3; group++) {
                if (m.group(group) != null) {
                    seconds += Long.parseLong(m.group(group)) * (group == 1 ? 3600 : group == 2 ? 60 : 1);
                }
            }
            return Duration.ofSeconds(seconds);
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidRuleException("'" + text + "' is not a duration: write it as 30s, 5m, 1h or 1h30m");
        }
    }

    /** The shortest of {@code 1h30m}, {@code 5m}, {@code 30s}. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        var out = new StringBuilder();
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            out.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || out.isEmpty()) {
            out.append(seconds % 60).append('s');
        }
        return out.toString();
    }

    static Map<String, String> labels(JsonNode node) {
        return labels(node, "'labels'");
    }

    private static Map<String, String> labels(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        requireObject(what, node);
        var map = new LinkedHashMap<String, String>();
        for (var entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw new InvalidRuleException(what + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().stringValue());
        }
        return map;
    }

    static List<UUID> channels(JsonNode node) {
        var ids = new ArrayList<UUID>();
        for (String text : strings(node, "'channelIds'")) {
            try {
                ids.add(UUID.fromString(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidRuleException("'" + text + "' in 'channelIds' is not a channel id");
            }
        }
        return ids;
    }

    static ObjectNode object(Map<String, String> map) {
        ObjectNode node = NODES.objectNode();
        map.forEach(node::put);
        return node;
    }

    private static Severity severity(String text) {
        if (text == null) {
            throw new InvalidRuleException("a rule needs a severity: low, medium, high or critical");
        }
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(e.getMessage());
        }
    }

    private static List<String> strings(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidRuleException(what + " must be a list of strings");
        }
        var values = new ArrayList<String>();
        for (JsonNode value : node) {
            if (!value.isString()) {
                throw new InvalidRuleException(what + " must be a list of strings");
            }
            values.add(value.stringValue());
        }
        return values;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new InvalidRuleException("'" + field + "' must be a string");
        }
        return Optional.of(value.stringValue());
    }

    private static Optional<Double> number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new InvalidRuleException("'" + field + "' must be a number");
        }
        return Optional.of(value.doubleValue());
    }

    private static Optional<Long> integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidRuleException("'" + field + "' must be a whole number");
        }
        return Optional.of(value.longValue());
    }

    private static boolean bool(JsonNode node, String field, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw new InvalidRuleException("'" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    private static Duration durationField(JsonNode node, String field) {
        return text(node, field).map(RuleJson::parseDuration).orElse(null);
    }

    private static void requireObject(String what, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidRuleException(what + " must be a JSON object");
        }
    }

    private static void requireOnly(String what, JsonNode node, Set<String> fields) {
        for (String name : node.propertyNames()) {
            if (!fields.contains(name)) {
                throw new InvalidRuleException("unknown field '" + name + "' in " + what + "; its fields are "
                        + fields.stream().sorted().toList());
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
