package dev.tracehound.devstripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe's form encoding, read into a JSON tree of strings: {@code metadata[workspace]=acme} becomes
 * {@code {"metadata":{"workspace":"acme"}}}; {@code line_items[0][price]=p} and {@code lookup_keys[]=k}
 * become arrays (Stripe Java writes indexes, other clients empty brackets).
 */
final class FormParser {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FormParser() {}

    static ObjectNode parse(String encoded) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded != null && !encoded.isBlank()) {
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(root, segments(key), value);
            }
        }
        return (ObjectNode) toNode(root);
    }

    /** {@code a[b][0][]} → {@code [a, b, 0, ""]}; a key without brackets is one segment. */
    static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        int open = key.indexOf('[');
        if (open < 0 || !key.endsWith("]")) {
            segments.add(key);
            return segments;
        }
        segments.add(key.substring(0, open));
        int at = open;
        while (at < key.length() && key.charAt(at) == '[') {
            int close = key.indexOf(']', at);
            if (close < 0) {
                break;
            }
            segments.add(key.substring(at + 1, close));
            at = close + 1;
        }
        return segments;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> segments, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.isEmpty()) {
                // "[]": the next element of a list.
                segment = Integer.toString(nextIndex(node));
            }
            boolean last = i == segments.size() - 1;
            if (last) {
                node.put(segment, value);
            } else {
                Object child = node.get(segment);
                if (!(child instanceof Map<?, ?>)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(segment, child);
                }
                node = (Map<String, Object>) child;
            }
        }
    }

    private static int nextIndex(Map<String, Object> node) {
        return (int) node.keySet().stream().filter(FormParser::isIndex).count();
    }

    private static boolean isIndex(String key) {
        return !key.isEmpty() && key.length() < 9 && key.chars().allMatch(Character::isDigit);
    }

    @SuppressWarnings("unchecked")
    private static JsonNode toNode(Object value) {
        if (value instanceof String text) {
            return NODES.stringNode(text);
        }
        Map<String, Object> map = (Map<String, Object>) value;
        if (!map.isEmpty() && map.keySet().stream().allMatch(FormParser::isIndex)) {
            TreeMap<Integer, Object> ordered = new TreeMap<>();
            map.forEach((index, element) -> ordered.put(Integer.parseInt(index), element));
            ArrayNode array = NODES.arrayNode();
            ordered.values().forEach(element -> array.add(toNode(element)));
            return array;
        }
        ObjectNode object = NODES.objectNode();
        map.forEach((key, element) -> object.set(key, toNode(element)));
        return object;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
