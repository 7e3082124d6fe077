package dev.tracehound.devstripe;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON trees the stub keeps its objects in, and reading Stripe's form values out of them. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    static ObjectNode read(String json) {
        return (ObjectNode) MAPPER.readTree(json);
    }

    /** The tree as plain Java values (maps, lists, strings, numbers), for the public API. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode node) {
        return MAPPER.convertValue(node, Map.class);
    }

    /** A form value; null when absent or empty. */
    static String text(JsonNode form, String name) {
        JsonNode value = form.get(name);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        String text = value.asString();
        return text.isEmpty() ? null : text;
    }

    static String required(JsonNode form, String name) {
        String value = text(form, name);
        if (value == null) {
            throw StripeError.missingParam(name);
        }
        return value;
    }

    static Long integer(JsonNode form, String name) {
        String value = text(form, name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StripeError.invalid("parameter_invalid_integer", name, "Invalid integer: " + value);
        }
    }

    static BigDecimal decimal(JsonNode form, String name) {
        String value = text(form, name);
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw StripeError.invalid("parameter_invalid_string", name, "Invalid decimal: " + value);
        }
    }

    static Boolean bool(JsonNode form, String name) {
        String value = text(form, name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw StripeError.invalid("parameter_invalid_boolean", name, "Invalid boolean: " + value);
        };
    }

    /** A form array ({@code k[0]=a&k[1]=b} or {@code k[]=a}); a lone {@code k=a} counts as one element. */
    static List<JsonNode> list(JsonNode form, String name) {
        JsonNode value = form.get(name);
        List<JsonNode> elements = new ArrayList<>();
        if (value == null || value.isNull()) {
            return elements;
        }
        if (value.isArray()) {
            value.forEach(elements::add);
        } else if (value.isObject() && value.isEmpty()) {
            return elements;
        } else {
            elements.add(value);
        }
        return elements;
    }

    /**
     * Stripe's metadata update: each key of {@code metadata[...]} is set, an empty value unsets it,
     * {@code metadata=} (empty) clears all of it.
     */
    static void mergeMetadata(ObjectNode target, JsonNode form) {
        JsonNode metadata = form.get("metadata");
        ObjectNode current = target.has("metadata") && target.get("metadata").isObject()
                ? (ObjectNode) target.get("metadata") : target.putObject("metadata");
        if (metadata == null) {
            return;
        }
        if (!metadata.isObject()) {
            if (metadata.asString().isEmpty()) {
                current.removeAll();
                return;
            }
            throw StripeError.invalid("metadata", "Invalid object");
        }
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            String value = entry.getValue().asString();
            if (value.isEmpty()) {
                current.remove(entry.getKey());
            } else {
                current.put(entry.getKey(), value);
            }
        }
    }
}
