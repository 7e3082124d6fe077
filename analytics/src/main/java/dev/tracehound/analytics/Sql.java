package dev.tracehound.analytics;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL text with typed placeholders in ClickHouse's own syntax, {@code {name:Type}}, and
 * their values. ClickHouse 18.16 has no server-side query parameters, so values are
 * rendered here as literals of the declared type: strings escaped, numbers checked, so no
 * user text can change the statement.
 */
public final class Sql {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9()]+)}");

    private final String text;
    private final Map<String, Object> params;

    private Sql(String text, Map<String, Object> params) {
        this.text = Objects.requireNonNull(text, "text");
        this.params = params;
    }

    public static Sql of(String text) {
        return new Sql(text, new LinkedHashMap<>());
    }

    public Sql bind(String name, Object value) {
        var copy = new LinkedHashMap<>(params);
        copy.put(name, Objects.requireNonNull(value, () -> "value of " + name));
        return new Sql(text, copy);
    }

    public String text() {
        return text;
    }

    /** The statement with every placeholder replaced by a literal. */
    public String render() {
        Matcher m = PLACEHOLDER.matcher(text);
        var out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            String name = m.group(1);
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("no value bound for {" + name + ":" + m.group(2) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal(m.group(2), params.get(name), name)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String literal(String type, Object value, String name) {
        return switch (type) {
            case "String" -> quote(value.toString());
            case "UInt8", "UInt16", "UInt32", "UInt64" -> unsigned(value, name);
            case "Int8", "Int16", "Int32", "Int64" -> Long.toString(integer(value, name));
            case "Float32", "Float64" -> decimal(value, name);
            case "DateTime" -> "toDateTime(" + epochSeconds(value, name) + ", 'UTC')";
            case "Array(String)" -> stringArray(value, name);
            default -> throw new IllegalArgumentException("unsupported placeholder type " + type + " for " + name);
        };
    }

    static String quote(String s) {
        var out = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static long integer(Object value, String name) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException(name + " must be an integer, was " + value.getClass().getSimpleName());
    }

    private static String unsigned(Object value, String name) {
        long v = integer(value, name);
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
        return Long.toString(v);
    }

    private static String decimal(Object value, String name) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                return Double.toString(d);
            }
        }
        throw new IllegalArgumentException(name + " must be a finite number, was " + value);
    }

    private static long epochSeconds(Object value, String name) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        throw new IllegalArgumentException(name + " must be an Instant, was " + value.getClass().getSimpleName());
    }

    private static String stringArray(Object value, String name) {
        if (!(value instanceof Collection<?> values)) {
            throw new IllegalArgumentException(name + " must be a collection of strings");
        }
        var out = new StringBuilder("[");
        for (Object v : values) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(quote(String.valueOf(v)));
        }
        return out.append(']').toString();
    }
}
