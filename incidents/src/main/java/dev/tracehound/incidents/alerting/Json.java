package dev.tracehound.incidents.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The JSON columns of this package: labels, event details, silence matchers. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Object>> DETAIL = new TypeReference<>() {};
    private static final TypeReference<List<SilenceMatcher>> MATCHERS = new TypeReference<>() {};

    private Json() {}

    /** Labels sorted by name, so equal label sets are equal text. */
    static String labels(Map<String, String> labels) {
        return MAPPER.writeValueAsString(new TreeMap<>(labels));
    }

    static Map<String, String> labels(String json) {
        return Map.copyOf(MAPPER.readValue(json, LABELS));
    }

    static String detail(Map<String, ?> detail) {
        return MAPPER.writeValueAsString(detail);
    }

    static Map<String, Object> detail(String json) {
        return MAPPER.readValue(json, DETAIL);
    }

    static String matchers(List<SilenceMatcher> matchers) {
        return MAPPER.writeValueAsString(matchers);
    }

    static List<SilenceMatcher> matchers(String json) {
        return MAPPER.readValue(json, MATCHERS);
    }

    /** A detail in the order given: key, value, key, value… (null and NaN values left out). */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            boolean absent = value == null || value instanceof Double d && (d.isNaN() || d.isInfinite());
            if (!absent) {
                fields.put((String) keysAndValues[i], value);
            }
        }
        return fields;
    }
}
