package dev.tracehound.tools;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.SpanFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The inputs the analytics tools share: a time range, a span filter, attribute conditions; and their schemas. */
final class Inputs {

    /** Schema properties of a time range. */
    static final String TIME_PROPERTIES = """
            "from": {"type": "string", "description": "Start of the time range, an ISO-8601 instant such as 2026-11-20T10:00:00Z. Give with 'to', or use 'last'."},
            "to": {"type": "string", "description": "End of the time range (exclusive), an ISO-8601 instant; defaults to now when only 'from' is given."},
            "last": {"type": "string", "pattern": "^[1-9][0-9]*(m|h|d)$", "description": "The time range ending now, e.g. 30m, 1h, 24h, 7d. The default is 1h when neither 'from' nor 'last' is given. At most 7 days."}""";

    /** Schema of one attribute condition. */
    static final String ATTRIBUTE_ITEM = """
            {"type": "object", "additionalProperties": false, "required": ["key"],
             "properties": {
               "key": {"type": "string", "minLength": 1, "description": "Attribute key, e.g. http.route or payment.provider."},
               "op": {"type": "string", "enum": ["equals", "not_equals", "contains", "exists"], "description": "Default equals; contains ignores case; exists ignores the value."},
               "value": {"type": "string"},
               "scope": {"type": "string", "enum": ["record", "resource"], "description": "record (default): the span's or log's own attributes; resource: those of the process that sent it, e.g. service.version, deployment.environment."}
             }}""";

    /** Schema properties of a span filter (without the time range). */
    static final String FILTER_PROPERTIES = """
            "service": {"type": "string", "minLength": 1, "description": "Only spans of this service (service.name)."},
            "operation": {"type": "string", "minLength": 1, "description": "Only spans of this name, e.g. 'GET /checkout'."},
            "status": {"type": "string", "enum": ["error", "ok", "unset"], "description": "Only spans with this status."},
            "min_duration_ms": {"type": "number", "minimum": 0, "description": "Only spans lasting at least this many milliseconds."},
            "max_duration_ms": {"type": "number", "minimum": 0, "description": "Only spans lasting at most this many milliseconds."},
            "attributes": {"type": "array", "maxItems": 20, "items": %s, "description": "Attribute conditions, all of which must hold."},
            "text": {"type": "string", "minLength": 1, "description": "Found, ignoring case, in a span's name or status message."},
            "roots_only": {"type": "boolean", "description": "Only root spans (whole requests), default false."}"""
            .formatted(ATTRIBUTE_ITEM);

    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private Inputs() {}

    record Window(Instant from, Instant to) {}

    static Window window(JsonNode input, Clock clock) {
        Instant now = clock.instant();
        Optional<String> last = text(input, "last");
        Optional<String> from = text(input, "from");
        Optional<String> to = text(input, "to");
        if (last.isPresent() && (from.isPresent() || to.isPresent())) {
            throw new ToolFailure("give either 'last' or 'from'/'to', not both");
        }
        if (last.isPresent()) {
            return new Window(now.minus(relative(last.get())), now);
        }
        if (from.isEmpty()) {
            if (to.isPresent()) {
                throw new ToolFailure("'to' needs 'from' (or use 'last', e.g. \"1h\")");
            }
            return new Window(now.minus(DEFAULT_RANGE), now);
        }
        Instant start = instant("from", from.get());
        Instant end = to.map(t -> instant("to", t)).orElse(now);
        if (!start.isBefore(end)) {
            throw new ToolFailure("'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        return new Window(start, end);
    }

    static Duration relative(String last) {
        long amount = Long.parseLong(last.substring(0, last.length() - 1));
        return switch (last.charAt(last.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new ToolFailure("'last' is a number and m, h or d, e.g. 30m, 1h, 7d; got '" + last + "'");
        };
    }

    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value.strip()).toInstant();
            } catch (DateTimeParseException again) {
                throw new ToolFailure("'" + field + "' must be an ISO-8601 instant such as 2026-11-20T10:00:00Z, got '"
                        + value + "'");
            }
        }
    }

    /** The span filter of the input's time range and filter properties. */
    static SpanFilter spanFilter(JsonNode input, Clock clock) {
        Window window = window(input, clock);
        return new SpanFilter(window.from(), window.to(), text(input, "service"), text(input, "operation"),
                status(input, "status"), millis(input, "min_duration_ms"), millis(input, "max_duration_ms"),
                attributes(input.get("attributes")), text(input, "text"), input.path("roots_only").asBoolean(false));
    }

    static Optional<SpanRow.StatusCode> status(JsonNode input, String field) {
        return text(input, field).map(s -> SpanRow.StatusCode.valueOf(s.toUpperCase(Locale.ROOT)));
    }

    static Optional<Duration> millis(JsonNode input, String field) {
        JsonNode node = input.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        double ms = node.asDouble();
        if (ms > Duration.ofDays(365).toMillis()) {
            throw new ToolFailure("'" + field + "' is more than a year: give milliseconds");
        }
        return Optional.of(Duration.ofNanos(Math.round(ms * 1_000_000)));
    }

    static List<AttributeFilter> attributes(JsonNode list) {
        var filters = new ArrayList<AttributeFilter>();
        if (list == null || list.isNull()) {
            return filters;
        }
        for (JsonNode item : list) {
            String scope = item.path("scope").asString("record");
            String op = item.path("op").asString("equals");
            if (!op.equals("exists") && !item.has("value")) {
                throw new ToolFailure("the attribute condition on '" + item.path("key").asString()
                        + "' needs a 'value' (or op 'exists')");
            }
            filters.add(new AttributeFilter(
                    scope.equals("resource") ? AttributeFilter.Scope.RESOURCE : AttributeFilter.Scope.RECORD,
                    item.path("key").asString(), AttributeFilter.Op.valueOf(op.toUpperCase(Locale.ROOT)),
                    item.path("value").asString("")));
        }
        return filters;
    }

    static Optional<String> text(JsonNode input, String field) {
        JsonNode node = input.get(field);
        return node == null || node.isNull() || node.asString().isBlank() ? Optional.empty()
                : Optional.of(node.asString().strip());
    }

    static int integer(JsonNode input, String field, int fallback) {
        JsonNode node = input.get(field);
        return node == null || node.isNull() ? fallback : node.asInt();
    }

    /** Nanoseconds as milliseconds with at most three decimals. */
    static double ms(double nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    static String iso(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }

    static String traceLink(String projectId, String traceId) {
        return "/api/v1/projects/" + projectId + "/traces/" + traceId;
    }
}
