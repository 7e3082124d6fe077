package dev.tracehound.ingest;

/** A request refused before anything of it was stored, with its HTTP status and gRPC code. */
final class IngestRejection extends RuntimeException {

    private final int httpStatus;
    private final int grpcCode;
    private final java.time.Duration retryAfter;

    IngestRejection(int httpStatus, int grpcCode, String message) {
        this(httpStatus, grpcCode, message, null);
    }

    /** @param retryAfter how long the client should wait, or null for the configured default */
    IngestRejection(int httpStatus, int grpcCode, String message, java.time.Duration retryAfter) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.retryAfter = retryAfter;
    }

    java.time.Duration retryAfter() {
        return retryAfter;
    }

    int httpStatus() {
        return httpStatus;
    }

    int grpcCode() {
        return grpcCode;
    }

    static final int INVALID_ARGUMENT = 3;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;

    static IngestRejection badRequest(String message) {
        return new IngestRejection(400, INVALID_ARGUMENT, message);
    }

    static IngestRejection unauthenticated(String message) {
        return new IngestRejection(401, UNAUTHENTICATED, message);
    }

    static IngestRejection tooLarge(String message) {
        return new IngestRejection(413, RESOURCE_EXHAUSTED, message);
    }

    static IngestRejection unsupportedMediaType(String message) {
        return new IngestRejection(415, INVALID_ARGUMENT, message);
    }
}
