package dev.tracehound.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * The OTLP/JSON encoding (OTLP/HTTP with {@code Content-Type: application/json}): protobuf's
 * JSON mapping, except that trace and span ids are case-insensitive hex instead of base64.
 *
 * <p>Decoding accepts what the specification asks receivers to accept: lowerCamelCase or
 * original snake_case keys, enums as numbers or names, 64-bit integers as numbers or strings;
 * unknown fields are ignored. An id that is not hex does not fail the request: it decodes to
 * {@link #INVALID_ID}, which no id check accepts, so only its record is rejected.
 */
final class OtlpJson {

    /**
     * What a trace or span id that is not hex (an odd number of digits, or a character outside
     * 0-9a-fA-F) decodes to: one zero byte. Valid ids are 8 or 16 bytes and not all zero, and an
     * absent id is empty, so this is rejected wherever an id is checked. Hex of the wrong length
     * is kept as its bytes, which the same check rejects by their size.
     */
    static final ByteString INVALID_ID = ByteString.copyFrom(new byte[1]);

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final int MAX_MESSAGE_CHARS = 300;

    // Only responses: they carry no ids, so protobuf's own mapping is exactly OTLP/JSON for them.
    private static final Set<Descriptor> RESPONSES = Set.of(
            ExportTraceServiceResponse.getDescriptor(),
            ExportLogsServiceResponse.getDescriptor(),
            ExportMetricsServiceResponse.getDescriptor());

    private OtlpJson() {}

    /** The body of a {@code POST /v1/traces}; throws {@link MalformedException} when it is not OTLP/JSON. */
    static ExportTraceServiceRequest decodeTraces(byte[] body) {
        var request = ExportTraceServiceRequest.newBuilder();
        decode(body, request);
        return request.build();
    }

    /** The body of a {@code POST /v1/logs}; throws {@link MalformedException} when it is not OTLP/JSON. */
    static ExportLogsServiceRequest decodeLogs(byte[] body) {
        var request = ExportLogsServiceRequest.newBuilder();
        decode(body, request);
        return request.build();
    }

    /** The body of a {@code POST /v1/metrics}; throws {@link MalformedException} when it is not OTLP/JSON. */
    static ExportMetricsServiceRequest decodeMetrics(byte[] body) {
        var request = ExportMetricsServiceRequest.newBuilder();
        decode(body, request);
        return request.build();
    }

    /**
     * An {@code Export(Trace|Logs|Metrics)ServiceResponse} as compact UTF-8 JSON, defaults
     * omitted (so a full success is {@code {}}) and 64-bit counts as decimal strings, as
     * protobuf's JSON mapping prints them and OTLP/JSON clients accept.
     */
    static byte[] encode(Message response) {
        if (!RESPONSES.contains(response.getDescriptorForType())) {
            throw new IllegalArgumentException("OtlpJson encodes only export responses, not "
                    + response.getDescriptorForType().getFullName());
        }
        try {
            return PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            // Printing fails only for an Any of an unknown type, and responses hold none.
            throw new IllegalStateException(e);
        }
    }

    private static void decode(byte[] body, Message.Builder into) {
        Objects.requireNonNull(body, "body");
        String canonical = OtlpJsonRewriter.rewrite(body, into.getDescriptorForType());
        try {
            PARSER.merge(canonical, into);
        } catch (InvalidProtocolBufferException e) {
            // The rewrite already checked shapes and scalar values with their path; what is left
            // (a field given under both its names, two members of a oneof) JsonFormat names itself.
            throw new MalformedException("invalid OTLP/JSON: " + e.getMessage());
        }
    }

    /** The body is not OTLP/JSON; the message says what and where, short enough for a 400 response. */
    static final class MalformedException extends RuntimeException {

        MalformedException(String message) {
            // Bad client input, not a fault here: a stack trace would only cost time on every such request.
            super(shorten(message), null, false, false);
        }

        private static String shorten(String message) {
            return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
    }
}
