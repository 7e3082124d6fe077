package dev.tracehound.agent;

import dev.tracehound.agent.model.ToolCall;
import dev.tracehound.agent.session.SessionWrites;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON of the events a run writes, as {@link EventTypes} describes them. */
final class EventData {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private EventData() {}

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static ObjectNode error(String code, String message) {
        return object().put("code", code).put("message", message);
    }

    static void event(SessionWrites writes, String type, JsonNode data) {
        writes.event(type, data.toString());
    }

    static void started(SessionWrites writes, ToolCall call) {
        event(writes, EventTypes.TOOL_STARTED, object().put("call_id", call.id()).put("tool", call.name())
                .put("arguments", call.arguments()));
    }
}
