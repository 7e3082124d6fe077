package dev.tracehound.demo;

/** How a simulated call ended: when, and with which failure (null when it succeeded). */
record Outcome(long endNanos, Failure failure) {

    static Outcome ok(long endNanos) {
        return new Outcome(endNanos, null);
    }

    static Outcome failed(long endNanos, Failure.Kind kind, String message) {
        return new Outcome(endNanos, new Failure(kind, message));
    }

    boolean succeeded() {
        return failure == null;
    }

    boolean failedWith(Failure.Kind kind) {
        return failure != null && failure.kind() == kind;
    }

    record Failure(Kind kind, String message) {

        /**
         * What went wrong, with its gRPC and HTTP codes. Only server errors mark a server span as
         * ERROR; a client span is ERROR for any failure, as the OTel semantic conventions say.
         */
        enum Kind {
            NOT_FOUND(5, "NOT_FOUND", 404, "Not Found", false),
            OUT_OF_STOCK(9, "FAILED_PRECONDITION", 409, "Conflict", false),
            DECLINED(9, "FAILED_PRECONDITION", 402, "Payment Required", false),
            TIMEOUT(4, "DEADLINE_EXCEEDED", 504, "Gateway Timeout", true),
            UNAVAILABLE(14, "UNAVAILABLE", 503, "Service Unavailable", true),
            INTERNAL(13, "INTERNAL", 500, "Internal Server Error", true);

            final int grpcCode;
            final String grpcName;
            final int httpStatus;
            final String httpReason;
            final boolean serverError;

            Kind(int grpcCode, String grpcName, int httpStatus, String httpReason, boolean serverError) {
                this.grpcCode = grpcCode;
                this.grpcName = grpcName;
                this.httpStatus = httpStatus;
                this.httpReason = httpReason;
                this.serverError = serverError;
            }
        }
    }
}
