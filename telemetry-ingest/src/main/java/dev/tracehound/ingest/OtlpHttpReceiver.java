package dev.tracehound.ingest;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.tracehound.platform.BearerChallenge;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * OTLP/HTTP: {@code POST /v1/traces}, {@code /v1/logs} and {@code /v1/metrics}, bodies in
 * protobuf or OTLP/JSON, optionally gzip-compressed, answered in the request's encoding as
 * the OTLP specification says: the Export*ServiceResponse (with partial_success when records
 * were rejected) once the accepted records are stored, or a google.rpc.Status with the reason.
 */
public final class OtlpHttpReceiver {

    private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final OtlpIngest ingest;
    private final ProjectKeys keys;
    private final IngestSettings settings;
    private final Scheduler blocking;

    /** @param blocking where key look-ups, decoding and normalising run: never a Netty event loop */
    public OtlpHttpReceiver(OtlpIngest ingest, ProjectKeys keys, IngestSettings settings, Scheduler blocking) {
        this.ingest = ingest;
        this.keys = keys;
        this.settings = settings;
        this.blocking = blocking;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/v1/traces", request -> receive(request, Signal.TRACES))
                .POST("/v1/logs", request -> receive(request, Signal.LOGS))
                .POST("/v1/metrics", request -> receive(request, Signal.METRICS))
                .build();
    }

    private enum Signal { TRACES, LOGS, METRICS }

    private enum Encoding { PROTOBUF, JSON }

    private Mono<ServerResponse> receive(ServerRequest request, Signal signal) {
        Encoding encoding = encoding(request);
        if (encoding == null) {
            return error(Encoding.JSON, IngestRejection.unsupportedMediaType(
                    "Content-Type must be application/x-protobuf or application/json, was "
                            + request.headers().contentType().map(MediaType::toString).orElse("missing")));
        }
        String apiKey = apiKey(request.headers());
        if (apiKey == null) {
            return error(encoding, IngestRejection.unauthenticated(
                    "missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
        }
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > settings.maxBodyBytes()) {
            return error(encoding, tooLarge(declared));
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), (int) settings.maxBodyBytes())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .publishOn(blocking)
                .flatMap(body -> Mono.fromFuture(store(signal, encoding, apiKey, request.headers(), body)))
                .flatMap(outcome -> {
                    var ok = ServerResponse.ok()
                            .contentType(encoding == Encoding.JSON ? MediaType.APPLICATION_JSON : PROTOBUF);
                    if (!outcome.quotaNotice().isEmpty()) {
                        ok.header(QuotaGate.HEADER, outcome.quotaNotice());
                    }
                    return ok.bodyValue(encode(encoding, response(signal, outcome)));
                })
                .onErrorResume(e -> error(encoding, e));
    }

    private CompletableFuture<OtlpIngest.Outcome> store(
            Signal signal, Encoding encoding, String apiKey, ServerRequest.Headers headers, byte[] body) {
        String projectId = keys.projectFor(apiKey)
                .orElseThrow(() -> IngestRejection.unknownKey("unknown or revoked API key"));
        byte[] payload = decompress(headers, body);
        return switch (signal) {
            case TRACES -> ingest.traces(projectId, decode(encoding, payload,
                    ExportTraceServiceRequest::parseFrom, OtlpJson::decodeTraces));
            case LOGS -> ingest.logs(projectId, decode(encoding, payload,
                    ExportLogsServiceRequest::parseFrom, OtlpJson::decodeLogs));
            case METRICS -> ingest.metrics(projectId, decode(encoding, payload,
                    ExportMetricsServiceRequest::parseFrom, OtlpJson::decodeMetrics));
        };
    }

    private interface ProtobufParser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static <T> T decode(Encoding encoding, byte[] payload, ProtobufParser<T> protobuf, Function<byte[], T> json) {
        try {
            return encoding == Encoding.PROTOBUF ? protobuf.parse(payload) : json.apply(payload);
        } catch (InvalidProtocolBufferException e) {
            throw IngestRejection.badRequest("malformed protobuf body: " + e.getMessage());
        } catch (OtlpJson.MalformedException e) {
            throw IngestRejection.badRequest("malformed OTLP/JSON body: " + e.getMessage());
        }
    }

    private byte[] decompress(ServerRequest.Headers headers, byte[] body) {
        String contentEncoding = headers.firstHeader(HttpHeaders.CONTENT_ENCODING);
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return body;
        }
        if (!contentEncoding.equalsIgnoreCase("gzip")) {
            throw IngestRejection.unsupportedMediaType("Content-Encoding must be gzip or none, was " + contentEncoding);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            var out = new ByteArrayOutputStream(body.length * 4);
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                if (total > settings.maxDecompressedBytes()) {
                    throw IngestRejection.tooLarge("body is larger than " + (settings.maxDecompressedBytes() >> 20)
                            + " MiB once decompressed");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw IngestRejection.badRequest("body is not valid gzip: " + e.getMessage());
        }
    }

    private static Message response(Signal signal, OtlpIngest.Outcome outcome) {
        return switch (signal) {
            case TRACES -> {
                var response = ExportTraceServiceResponse.newBuilder();
                if (outcome.rejected() > 0) {
                    response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(outcome.rejected()).setErrorMessage(outcome.message()));
                }
                yield response.build();
            }
            case LOGS -> {
                var response = ExportLogsServiceResponse.newBuilder();
                if (outcome.rejected() > 0) {
                    response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                            .setRejectedLogRecords(outcome.rejected()).setErrorMessage(outcome.message()));
                }
                yield response.build();
            }
            case METRICS -> {
                var response = ExportMetricsServiceResponse.newBuilder();
                if (outcome.rejected() > 0) {
                    response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(outcome.rejected()).setErrorMessage(outcome.message()));
                }
                yield response.build();
            }
        };
    }

    private static Object encode(Encoding encoding, Message message) {
        return encoding == Encoding.JSON ? OtlpJson.encode(message) : message.toByteArray();
    }

    private Mono<ServerResponse> error(Encoding encoding, Throwable failure) {
        IngestRejection rejection = failure instanceof DataBufferLimitException
                ? tooLarge(-1)
                : IngestRejection.of(failure, settings.retryAfter());
        var response = ServerResponse.status(rejection.httpStatus())
                .contentType(encoding == Encoding.JSON ? MediaType.APPLICATION_JSON : PROTOBUF);
        if (rejection.httpStatus() == 401) {
            response.header(BearerChallenge.HEADER, BearerChallenge.of(rejection.keyRefused()));
        }
        if (rejection.retryAfter() != null) {
            long seconds = Math.max(1, (rejection.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return response.bodyValue(status(encoding, rejection.grpcCode(), rejection.getMessage()));
    }

    private IngestRejection tooLarge(long declared) {
        return IngestRejection.tooLarge("body is larger than the limit of " + (settings.maxBodyBytes() >> 20) + " MiB"
                + (declared > 0 ? " (Content-Length " + declared + ")" : ""));
    }

    private record StatusJson(int code, String message) {}

    /** A google.rpc.Status, which the OTLP specification asks error responses to carry. */
    private static Object status(Encoding encoding, int code, String message) {
        if (encoding == Encoding.JSON) {
            return JSON.writeValueAsString(new StatusJson(code, message));
        }
        try {
            var out = new ByteArrayOutputStream();
            var coded = CodedOutputStream.newInstance(out);
            coded.writeInt32(1, code);
            coded.writeString(2, message);
            coded.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Encoding encoding(ServerRequest request) {
        return request.headers().contentType().map(type -> {
            if (PROTOBUF.isCompatibleWith(type)) {
                return Encoding.PROTOBUF;
            }
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) ? Encoding.JSON : null;
        }).orElse(null);
    }

    private static String apiKey(ServerRequest.Headers headers) {
        String authorization = headers.firstHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        String key = headers.firstHeader("x-api-key");
        return key == null || key.isBlank() ? null : key.strip();
    }
}
