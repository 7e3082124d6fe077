package dev.tracehound.tools;

import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the tools over the analytics engine share: no approval, one timeout, JSON content. */
abstract class QueryTool implements Tool {

    /** Longer than one ClickHouse query may take, as some tools run several. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public Duration timeout() {
        return TIMEOUT;
    }

    @Override
    public boolean needsApproval(JsonNode input) {
        return false;
    }

    static ToolResult json(ObjectNode data, boolean truncated, List<ToolReference> references) {
        return new ToolResult(false, data, Json.compact(data), truncated, references);
    }

    static String schema(String properties, String required) {
        return """
                {"type": "object", "additionalProperties": false, "required": [%s],
                 "properties": {
                %s
                 }}""".formatted(required, properties);
    }
}
