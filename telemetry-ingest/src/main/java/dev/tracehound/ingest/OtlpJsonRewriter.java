package dev.tracehound.ingest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.tracehound.ingest.OtlpJson.MalformedException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * Turns an OTLP/JSON body into the canonical protobuf JSON that {@code JsonFormat} reads, in one
 * streaming pass guided by the message descriptors: hex ids become base64, unknown fields are
 * dropped, and every value is checked against its field's type so that an error names its path.
 *
 * <p>Why a token stream and not a tree: JsonFormat always builds its own Gson tree, so a
 * Jackson tree on top would hold the request twice more; streaming costs one parse and one
 * write of the text. Why not patch the ids after JsonFormat read hex as base64: that decoding
 * is lossy (odd lengths) or fails the whole request (characters outside base64).
 */
final class OtlpJsonRewriter {

    /** JsonFormat's own default limit; enforced here first so that the error can say where. */
    private static final int MAX_MESSAGE_DEPTH = 100;
    private static final int MAX_QUOTED_CHARS = 40;
    private static final int MAX_PATH_CHARS = 160;
    private static final Set<String> ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    private static final String INVALID_ID_BASE64 = Base64.getEncoder().encodeToString(OtlpJson.INVALID_ID.toByteArray());
    private static final BigDecimal MAX_UINT64 = new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    private static final BigDecimal MAX_INT32 = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal MAX_INT64 = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MAX_UINT32 = BigDecimal.valueOf(0xFFFFFFFFL);
    private static final BigDecimal MAX_DOUBLE = range(Double.MAX_VALUE);
    private static final double MAX_FLOAT = Float.MAX_VALUE * (1.0 + 1e-6);

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build();
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

    private final JsonParser in;
    private final JsonGenerator out;

    private OtlpJsonRewriter(JsonParser in, JsonGenerator out) {
        this.in = in;
        this.out = out;
    }

    /** The body as protobuf JSON for a message of type {@code root}; throws {@link MalformedException}. */
    static String rewrite(byte[] body, Descriptor root) {
        // Base64 ids are shorter than hex ones and whitespace goes: the body's size is a fair first capacity.
        var text = new StringWriter(Math.max(16, body.length));
        try (JsonParser in = JSON.createParser(ObjectReadContext.empty(), body);
                JsonGenerator out = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            var rewriter = new OtlpJsonRewriter(in, out);
            try {
                rewriter.document(root);
            } catch (JacksonException e) {
                throw rewriter.notJson(e);
            }
        }
        return text.toString();
    }

    private void document(Descriptor root) {
        JsonToken first = in.nextToken();
        if (first == null) {
            throw new MalformedException("the body is empty; expected a JSON object");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new MalformedException("expected a JSON object at the top level, got " + describe(first));
        }
        message(root, 0);
        JsonToken after = in.nextToken();
        if (after != null) {
            throw new MalformedException("expected nothing after the top-level object, got " + describe(after)
                    + at(in.currentTokenLocation()));
        }
    }

    /** Copies the object whose START_OBJECT is the current token. */
    private void message(Descriptor type, int depth) {
        Map<String, FieldDescriptor> fields = fieldsOf(type);
        out.writeStartObject();
        while (in.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = in.currentName();
            FieldDescriptor field = fields.get(name);
            JsonToken value = in.nextToken();
            if (field == null) {
                // The specification: receivers MUST ignore unknown fields. Dropped here, JsonFormat never sees them.
                in.skipChildren();
                continue;
            }
            if (value == JsonToken.VALUE_NULL) {
                continue; // null is the field's absence in protobuf JSON
            }
            out.writeName(name);
            if (field.isMapField() || isWellKnown(field)) {
                out.copyCurrentStructure(in); // not in OTLP today; JsonFormat knows these shapes
            } else if (field.isRepeated()) {
                list(field, value, depth);
            } else {
                value(field, value, depth);
            }
        }
        out.writeEndObject();
    }

    private void list(FieldDescriptor field, JsonToken token, int depth) {
        if (token != JsonToken.START_ARRAY) {
            throw wrongValue("expected a list", token);
        }
        out.writeStartArray();
        JsonToken element;
        while ((element = in.nextToken()) != JsonToken.END_ARRAY) {
            if (element == JsonToken.VALUE_NULL) {
                throw wrongValue("expected a list element", element);
            }
            value(field, element, depth);
        }
        out.writeEndArray();
    }

    private void value(FieldDescriptor field, JsonToken token, int depth) {
        switch (field.getJavaType()) {
            case MESSAGE -> {
                if (token != JsonToken.START_OBJECT) {
                    throw wrongValue("expected an object", token);
                }
                if (depth >= MAX_MESSAGE_DEPTH) {
                    throw new MalformedException(where() + ": nested more than " + MAX_MESSAGE_DEPTH + " objects deep");
                }
                message(field.getMessageType(), depth + 1);
            }
            case BYTE_STRING -> {
                if (ID_FIELDS.contains(field.getName())) {
                    if (token != JsonToken.VALUE_STRING) {
                        throw wrongValue("expected a hex string", token);
                    }
                    out.writeString(hexAsBase64(in.getStringCharacters(), in.getStringOffset(), in.getStringLength()));
                } else {
                    if (token != JsonToken.VALUE_STRING || !isBase64(in.getString())) {
                        throw wrongValue("expected a base64 string", token);
                    }
                    copyScalar(token);
                }
            }
            case STRING -> {
                // JsonFormat takes a number or boolean as its text; so do we.
                if (!token.isScalarValue()) {
                    throw wrongValue("expected a string", token);
                }
                copyScalar(token);
            }
            case BOOLEAN -> {
                boolean ok = token.isBoolean()
                        || token == JsonToken.VALUE_STRING && (in.getString().equals("true") || in.getString().equals("false"));
                if (!ok) {
                    throw wrongValue("expected true or false", token);
                }
                copyScalar(token);
            }
            case ENUM -> {
                if (token != JsonToken.VALUE_STRING && !token.isNumeric()) {
                    throw wrongValue("expected an enum number or name", token);
                }
                copyScalar(token);
            }
            case INT, LONG, FLOAT, DOUBLE -> {
                if ((token != JsonToken.VALUE_STRING && !token.isNumeric()) || !fits(field.getType(), in.getString())) {
                    throw wrongValue("expected " + numberKind(field.getType()), token);
                }
                copyScalar(token);
            }
        }
    }

    private void copyScalar(JsonToken token) {
        switch (token) {
            case VALUE_STRING -> out.writeString(in.getStringCharacters(), in.getStringOffset(), in.getStringLength());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(in.getString()); // the text as sent: no rounding
            case VALUE_TRUE -> out.writeBoolean(true);
            case VALUE_FALSE -> out.writeBoolean(false);
            default -> throw new IllegalStateException("not a scalar: " + token);
        }
    }

    private static String hexAsBase64(char[] chars, int offset, int length) {
        if ((length & 1) != 0) {
            return INVALID_ID_BASE64;
        }
        byte[] bytes = new byte[length / 2];
        for (int i = 0; i < bytes.length; i++) {
            char high = chars[offset + 2 * i];
            char low = chars[offset + 2 * i + 1];
            if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
                return INVALID_ID_BASE64;
            }
            bytes[i] = (byte) (HexFormat.fromHexDigit(high) << 4 | HexFormat.fromHexDigit(low));
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Whether JsonFormat reads this text as a value of the type: the same parsing, the same bounds. */
    private static boolean fits(FieldDescriptor.Type type, String text) {
        return switch (type) {
            case INT32, SINT32, SFIXED32 -> integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE, MAX_INT32);
            case INT64, SINT64, SFIXED64 -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE, MAX_INT64);
            case UINT32, FIXED32 -> integer(text, 0, 0xFFFFFFFFL, MAX_UINT32);
            case UINT64, FIXED64 -> integer(text, 0, Long.MAX_VALUE, MAX_UINT64);
            case DOUBLE -> special(text) || decimal(text, MAX_DOUBLE);
            case FLOAT -> special(text) || floatValue(text);
            default -> false;
        };
    }

    private static boolean integer(String text, long min, long max, BigDecimal bigMax) {
        try {
            long value = Long.parseLong(text); // the common case, without a BigDecimal
            return value >= min && value <= max;
        } catch (NumberFormatException e) {
            // "1e3", "12.0" and unsigned numbers past a long are integers to JsonFormat too
        }
        try {
            BigDecimal value = new BigDecimal(text);
            // Bounds before integrality: stripTrailingZeros stays cheap whatever the exponent.
            return value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(bigMax) <= 0
                    && (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean special(String text) {
        return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
    }

    private static boolean decimal(String text, BigDecimal max) {
        try {
            BigDecimal value = new BigDecimal(text);
            return value.abs().compareTo(max) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean floatValue(String text) {
        try {
            return Math.abs(Double.parseDouble(text)) <= MAX_FLOAT;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** JsonFormat's tolerance above the largest finite value, for values printed with rounding. */
    private static BigDecimal range(double max) {
        return new BigDecimal(String.valueOf(max)).multiply(new BigDecimal(String.valueOf(1.0 + 1e-6)));
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            try {
                Base64.getUrlDecoder().decode(text); // JsonFormat's fallback
                return true;
            } catch (IllegalArgumentException again) {
                return false;
            }
        }
    }

    private static boolean isWellKnown(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && field.getMessageType().getFile().getPackage().equals("google.protobuf");
    }

    private static Map<String, FieldDescriptor> fieldsOf(Descriptor type) {
        return FIELDS.computeIfAbsent(type, t -> {
            var byName = new HashMap<String, FieldDescriptor>();
            for (FieldDescriptor field : t.getFields()) {
                byName.put(field.getName(), field);
                byName.put(field.getJsonName(), field);
            }
            return Map.copyOf(byName);
        });
    }

    private static String numberKind(FieldDescriptor.Type type) {
        return switch (type) {
            case INT32, SINT32, SFIXED32 -> "a 32-bit integer";
            case UINT32, FIXED32 -> "an unsigned 32-bit integer";
            case INT64, SINT64, SFIXED64 -> "a 64-bit integer (number or decimal string)";
            case UINT64, FIXED64 -> "an unsigned 64-bit integer (number or decimal string)";
            default -> "a number";
        };
    }

    private MalformedException wrongValue(String expected, JsonToken token) {
        return new MalformedException(where() + ": " + expected + ", got " + describe(token));
    }

    private MalformedException notJson(JacksonException e) {
        String message = e.getOriginalMessage();
        // Jackson may append where an unclosed container began, in a form meant for logs; the path says it better.
        int source = message.indexOf("[Source:");
        if (source > 0) {
            int aside = message.lastIndexOf(" (", source);
            message = message.substring(0, aside > 0 ? aside : source).strip();
        }
        String path = in.streamReadContext() == null || in.streamReadContext().inRoot() ? "" : " in " + where();
        TokenStreamLocation location = e.getLocation() != null ? e.getLocation() : in.currentLocation();
        return new MalformedException("not valid JSON" + at(location) + path + ": " + message.replace('\n', ' '));
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The current value's path, like {@code resourceSpans[0].scopeSpans[1].spans[7].traceId}. */
    private String where() {
        TokenStreamContext context = in.streamReadContext();
        if (in.currentToken() != null && in.currentToken().isStructStart() && context != null) {
            context = context.getParent(); // the container just opened is the value, not its place
        }
        var segments = new ArrayDeque<String>();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                segments.push("[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.currentName() != null) {
                segments.push("." + truncate(context.currentName()));
            }
        }
        String path = String.join("", segments);
        if (path.startsWith(".")) {
            path = path.substring(1);
        }
        if (path.length() > MAX_PATH_CHARS) {
            // Keep where it starts and where it ends, so that the problem after it still fits in the message.
            path = path.substring(0, MAX_PATH_CHARS / 2) + "..." + path.substring(path.length() - MAX_PATH_CHARS / 2);
        }
        return path.isEmpty() ? "the top level" : path;
    }

    private String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "\"" + truncate(in.getString()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> truncate(in.getString());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String truncate(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
