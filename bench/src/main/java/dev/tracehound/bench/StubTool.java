package dev.tracehound.bench;

import dev.tracehound.tools.Tool;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolResult;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A tool that answers at once, so what is measured is the loop around it. */
final class StubTool implements Tool {
    static final String NAME = "stub_lookup";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Looks something up. A benchmark stub: it answers at once with one row.";
    }

    @Override
    public String inputSchema() {
        return """
                {"type":"object","properties":{"q":{"type":"string","description":"what to look up"}},\
                "required":["q"],"additionalProperties":false}""";
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public boolean needsApproval(JsonNode input) {
        return false;
    }

    @Override
    public ToolResult run(JsonNode input, ToolContext context) {
        return new ToolResult(false, JsonNodeFactory.instance.objectNode().put("rows", 1).put("q", input.path("q")
                .asString()), "1 row for '" + input.path("q").asString() + "': ok", false, List.of());
    }
}
