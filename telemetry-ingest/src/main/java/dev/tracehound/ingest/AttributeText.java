package dev.tracehound.ingest;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attribute values as the text stored beside their keys: scalars as themselves, bytes
 * as base64, arrays and maps as JSON. Oversized keys and values are cut with a marker that
 * says how much was dropped.
 */
final class AttributeText {

    static final int MAX_KEY_CHARS = 256;
    static final int MAX_VALUE_CHARS = 16 * 1024;

    private AttributeText() {}

    /** Later duplicates of a key win, as in the SDKs. */
    static Map<String, String> of(List<KeyValue> attributes) {
        var map = new LinkedHashMap<String, String>(attributes.size() * 2);
        for (KeyValue kv : attributes) {
            map.put(truncate(kv.getKey(), MAX_KEY_CHARS), truncate(text(kv.getValue()), MAX_VALUE_CHARS));
        }
        return map;
    }

    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> number(value.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> json(value, new StringBuilder()).toString();
            // A string-table index only means something inside a profiles message.
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
        };
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…[truncated " + (text.length() - max) + " chars]";
    }

    private static String number(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static StringBuilder json(AnyValue value, StringBuilder out) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> quote(value.getStringValue(), out);
            case BOOL_VALUE -> out.append(value.getBoolValue());
            case INT_VALUE -> out.append(value.getIntValue());
            case DOUBLE_VALUE -> {
                double d = value.getDoubleValue();
                if (Double.isFinite(d)) {
                    out.append(number(d));
                } else {
                    quote(Double.toString(d), out);
                }
            }
            case BYTES_VALUE -> quote(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()), out);
            case ARRAY_VALUE -> {
                out.append('[');
                var values = value.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    json(values.get(i), out);
                }
                out.append(']');
            }
            case KVLIST_VALUE -> {
                out.append('{');
                var values = value.getKvlistValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    quote(values.get(i).getKey(), out).append(':');
                    json(values.get(i).getValue(), out);
                }
                out.append('}');
            }
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> out.append("null");
        }
        return out;
    }

    private static StringBuilder quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
