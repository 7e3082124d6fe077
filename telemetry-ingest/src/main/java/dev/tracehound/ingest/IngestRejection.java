package dev.tracehound.ingest;

import dev.tracehound.analytics.ClickHouseException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request refused before anything of it was stored, with its HTTP status and gRPC code.
 * {@link #of} decides this for every failure, so HTTP and gRPC answer alike.
 */
final class IngestRejection extends RuntimeException {

    private static final Logger log = LoggerFactory.getLogger(IngestRejection.class);

    private final int httpStatus;
    private final int grpcCode;
    private final Duration retryAfter;
    private final boolean keyRefused;

    IngestRejection(int httpStatus, int grpcCode, String message) {
        this(httpStatus, grpcCode, message, null);
    }

    /** @param retryAfter how long the client should wait before retrying, or null when it should not */
    IngestRejection(int httpStatus, int grpcCode, String message, Duration retryAfter) {
        this(httpStatus, grpcCode, message, retryAfter, false);
    }

    private IngestRejection(int httpStatus, int grpcCode, String message, Duration retryAfter, boolean keyRefused) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.retryAfter = retryAfter;
        this.keyRefused = keyRefused;
    }

    /** Whether a key was sent and refused, as opposed to none sent (RFC 6750's {@code invalid_token}). */
    boolean keyRefused() {
        return keyRefused;
    }

    /** Null when the client should not retry. */
    Duration retryAfter() {
        return retryAfter;
    }

    /**
     * What a failure of the pipeline means for the client: a rejection is itself; a full
     * batcher, a project over its limits or unavailable storage ask for a retry; anything
     * else is an internal error.
     */
    static IngestRejection of(Throwable failure, Duration defaultRetryAfter) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (e) {
            case IngestRejection rejection -> rejection;
            case EmbeddedBatcher.FullException full ->
                    new IngestRejection(429, RESOURCE_EXHAUSTED, full.getMessage(), defaultRetryAfter);
            case IngestLimits.Refused refused ->
                    new IngestRejection(429, RESOURCE_EXHAUSTED, refused.getMessage(), refused.retryAfter());
            case ClickHouseException storage when storage.isTransient() -> {
                log.warn("OTLP request not stored: {}", storage.getMessage());
                yield new IngestRejection(503, UNAVAILABLE, "storage is unavailable; retry later", defaultRetryAfter);
            }
            case ClickHouseException refused -> {
                // Sending the same records again fails the same way, so the client must not retry.
                log.error("OTLP request refused by ClickHouse: {}", refused.getMessage());
                yield new IngestRejection(500, INTERNAL, "storage refused these records (ClickHouse error "
                        + refused.serverCode().orElse(0) + "); they were not stored");
            }
            case IngestStore.Unavailable unavailable -> {
                log.warn("OTLP request not stored: {}", unavailable.getMessage());
                yield new IngestRejection(503, UNAVAILABLE, "storage is unavailable; retry later", defaultRetryAfter);
            }
            default -> {
                log.error("OTLP request failed", e);
                yield new IngestRejection(500, INTERNAL, "internal error");
            }
        };
    }

    int httpStatus() {
        return httpStatus;
    }

    int grpcCode() {
        return grpcCode;
    }

    static final int INVALID_ARGUMENT = 3;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;

    static IngestRejection badRequest(String message) {
        return new IngestRejection(400, INVALID_ARGUMENT, message);
    }

    /** No API key came with the request. */
    static IngestRejection unauthenticated(String message) {
        return new IngestRejection(401, UNAUTHENTICATED, message);
    }

    /** An API key came and is unknown or revoked. */
    static IngestRejection unknownKey(String message) {
        return new IngestRejection(401, UNAUTHENTICATED, message, null, true);
    }

    static IngestRejection tooLarge(String message) {
        return new IngestRejection(413, RESOURCE_EXHAUSTED, message);
    }

    static IngestRejection unsupportedMediaType(String message) {
        return new IngestRejection(415, INVALID_ARGUMENT, message);
    }
}
