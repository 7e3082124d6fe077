package dev.tracehound.agent.offline;

import java.util.ArrayDeque;
import java.util.Deque;
import dev.tracehound.tools.ToolResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a tool result's JSON even when the tool runner cut it to fit (the content then ends in
 * the middle, followed by a "[cut: ...]" note): everything complete before the cut is kept,
 * arrays and objects that were cut hold what they had.
 */
final class LenientJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LenientJson() {}

    /** The JSON of {@code text}, as much of it as is complete; null when nothing is. */
    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            return salvage(text);
        }
    }

    private static JsonNode salvage(String text) {
        int note = text.lastIndexOf(ToolResult.CUT_NOTE_PREFIX);
        String body = note >= 0 ? text.substring(0, note) : text;
        // Ends the text after its last structural character, so a number cut short is not read as whole.
        int end = -1;
        for (int i = body.length() - 1; i >= 0 && end < 0; i--) {
            if (",[]{}".indexOf(body.charAt(i)) >= 0) {
                end = i;
            }
        }
        if (end < 0) {
            return null;
        }
        body = body.substring(0, end + 1);
        JsonNode root = null;
        Deque<JsonNode> open = new ArrayDeque<>();
        String name = null;
        try (JsonParser parser = MAPPER.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonNode node;
                switch (token) {
                    case PROPERTY_NAME -> {
                        name = parser.currentName();
                        continue;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        open.pop();
                        continue;
                    }
                    case START_OBJECT -> node = NODES.objectNode();
                    case START_ARRAY -> node = NODES.arrayNode();
                    case VALUE_STRING -> node = NODES.textNode(parser.getString());
                    case VALUE_NUMBER_INT -> node = NODES.numberNode(parser.getLongValue());
                    case VALUE_NUMBER_FLOAT -> node = NODES.numberNode(parser.getDoubleValue());
                    case VALUE_TRUE -> node = NODES.booleanNode(true);
                    case VALUE_FALSE -> node = NODES.booleanNode(false);
                    case VALUE_NULL -> node = NODES.nullNode();
                    default -> {
                        continue;
                    }
                }
                if (open.isEmpty()) {
                    root = node;
                } else if (open.peek() instanceof ObjectNode object) {
                    object.set(name, node);
                } else if (open.peek() instanceof ArrayNode array) {
                    array.add(node);
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    open.push(node);
                }
            }
        } catch (JacksonException | ArithmeticException e) {
            // The cut: keep what was read before it.
        }
        return root;
    }
}
