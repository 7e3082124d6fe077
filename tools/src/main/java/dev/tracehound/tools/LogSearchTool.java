package dev.tracehound.tools;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.query.LogPage;
import dev.tracehound.analytics.query.LogQueries;
import dev.tracehound.analytics.query.LogSearch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

final class LogSearchTool extends QueryTool {

    static final int DEFAULT_LIMIT = 30;
    static final int MAX_LIMIT = 100;
    private static final int BODY_CHARS = 1_000;
    private static final int ATTRIBUTES = 15;

    private final LogQueries logs;
    private final Clock clock;

    LogSearchTool(LogQueries logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "log_search";
    }

    @Override
    public String description() {
        return """
                Search the project's log records, newest first, in a time range (default the last hour, at \
                most 7 days): by service, lowest severity, words in the body, attributes, or trace id. Use it \
                for the error messages behind failing spans, e.g. the logs of an example trace (trace_id alone \
                finds all its logs, whatever their time).
                Output: {"logs": [{"time" (ISO-8601), "severity" (text), "severity_number", "service", "body" \
                (cut at 1000 characters), "trace_id", "span_id", "attributes"}], "next_cursor"} where \
                next_cursor (or null) is passed as 'cursor' for the next page.""";
    }

    @Override
    public String inputSchema() {
        return schema(Inputs.TIME_PROPERTIES + """
                ,
                "service": {"type": "string", "minLength": 1, "description": "Only logs of this service."},
                "min_severity": {"type": "string", "enum": ["trace", "debug", "info", "warn", "error", "fatal"], "description": "Only logs at least this severe."},
                "text": {"type": "string", "minLength": 1, "description": "Words that must all appear in the body as whole words, ignoring case."},
                "trace_id": {"type": "string", "pattern": "^[0-9a-fA-F]{32}$", "description": "Only the logs of this trace."},
                "attributes": {"type": "array", "maxItems": 20, "items": %s},
                "limit": {"type": "integer", "minimum": 1, "maximum": %d, "description": "Logs per page, default %d."},
                "cursor": {"type": "string", "minLength": 1, "description": "next_cursor of the previous page, with the same filters."}"""
                .formatted(Inputs.ATTRIBUTE_ITEM, MAX_LIMIT, DEFAULT_LIMIT), "");
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        int limit = Inputs.integer(input, "limit", DEFAULT_LIMIT);
        Optional<Integer> severity = Inputs.text(input, "min_severity").map(LogSearchTool::severity);
        Optional<String> traceId = Inputs.text(input, "trace_id").map(t -> t.toLowerCase(Locale.ROOT));
        boolean windowGiven = input.has("from") || input.has("to") || input.has("last");
        LogPage page;
        if (traceId.isPresent() && !windowGiven && !input.has("cursor")) {
            page = logs.ofTrace(context.projectId(), traceId.get(), MAX_LIMIT);
            page = new LogPage(page.logs().stream().filter(log -> matches(log, input, severity)).limit(limit).toList(),
                    Optional.empty());
        } else {
            Inputs.Window window = Inputs.window(input, clock);
            page = logs.search(context.projectId(), new LogSearch(window.from(), window.to(), severity,
                    Inputs.text(input, "service"), Inputs.text(input, "text"), Inputs.attributes(input.get("attributes")),
                    traceId, limit, Inputs.text(input, "cursor")));
        }
        ObjectNode data = Json.object();
        var list = data.putArray("logs");
        Set<String> traces = new LinkedHashSet<>();
        for (LogRow log : page.logs()) {
            var item = list.addObject()
                    .put("time", Inputs.iso(log.timeNanos()))
                    .put("severity", log.severityText().isEmpty() ? severityName(log.severityNumber()) : log.severityText())
                    .put("severity_number", log.severityNumber())
                    .put("service", log.serviceName())
                    .put("body", log.body().length() <= BODY_CHARS ? log.body() : log.body().substring(0, BODY_CHARS) + "…")
                    .put("trace_id", log.traceId())
                    .put("span_id", log.spanId());
            var attributes = item.putObject("attributes");
            log.attributes().entrySet().stream().limit(ATTRIBUTES).forEach(e -> attributes.put(e.getKey(), e.getValue()));
            if (!log.traceId().isEmpty()) {
                traces.add(log.traceId());
            }
        }
        if (page.nextCursor().isPresent()) {
            data.put("next_cursor", page.nextCursor().get());
        } else {
            data.putNull("next_cursor");
        }
        var references = new ArrayList<ToolReference>();
        traces.forEach(t -> references.add(new ToolReference(ToolReference.TRACE, t, "trace of a log record")));
        return json(data, false, references);
    }

    /** The filters {@link LogQueries#ofTrace} does not take, for the records of one trace. */
    private static boolean matches(LogRow log, JsonNode input, Optional<Integer> severity) {
        if (severity.isPresent() && log.severityNumber() < severity.get()) {
            return false;
        }
        Optional<String> service = Inputs.text(input, "service");
        if (service.isPresent() && !service.get().equals(log.serviceName())) {
            return false;
        }
        Optional<String> text = Inputs.text(input, "text");
        if (text.isPresent()) {
            String body = log.body().toLowerCase(Locale.ROOT);
            for (String word : text.get().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!body.contains(word)) {
                    return false;
                }
            }
        }
        for (var filter : Inputs.attributes(input.get("attributes"))) {
            var attributes = filter.scope() == dev.tracehound.analytics.query.AttributeFilter.Scope.RECORD
                    ? log.attributes() : log.resourceAttributes();
            String value = attributes.get(filter.key());
            boolean ok = switch (filter.op()) {
                case EQUALS -> filter.value().equals(value);
                case NOT_EQUALS -> !filter.value().equals(value);
                case CONTAINS -> value != null && value.toLowerCase(Locale.ROOT).contains(filter.value().toLowerCase(Locale.ROOT));
                case EXISTS -> value != null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The lowest OTLP severity number of a level. */
    static int severity(String name) {
        return switch (name) {
            case "trace" -> 1;
            case "debug" -> 5;
            case "info" -> 9;
            case "warn" -> 13;
            case "error" -> 17;
            case "fatal" -> 21;
            default -> throw new ToolFailure("min_severity is one of trace, debug, info, warn, error, fatal");
        };
    }

    private static String severityName(int number) {
        List<String> names = List.of("UNSPECIFIED", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
        return names.get(number == 0 ? 0 : Math.min(6, (number - 1) / 4 + 1));
    }
}
