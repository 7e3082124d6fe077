package dev.tracehound.evals.template;

/** Error messages as services and their clients write them. */
final class Messages {

    private Messages() {
    }

    static String upstreamError(Draw draw, String value) {
        return draw.pick("upstream " + value + " returned 502 Bad Gateway", "request to " + value + " failed: 503 Service Unavailable",
                "invalid response from " + value + ": unexpected end of stream", "internal error");
    }

    static String handlerError(Draw draw) {
        return draw.pick("java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"token\" is null",
                "IllegalStateException: session not initialised", "500 Internal Server Error",
                "failed to decode request body: unexpected token at position 0", "internal error");
    }

    static String hostError(Draw draw) {
        return draw.pick("java.io.IOException: No space left on device", "connection pool exhausted (max 20)",
                "OutOfMemoryError: Java heap space", "too many open files", "internal error");
    }

    static String vendorDown(Draw draw, String vendor, String operation) {
        return draw.pick(operation + " to " + vendor + ": 503 Service Unavailable",
                "connect to " + vendor + " timed out after 10000 ms", vendor + ": connection reset by peer",
                "no healthy upstream");
    }

    static String serviceDown(Draw draw, String service) {
        return draw.pick("connection refused", "no healthy upstream", "dial tcp " + service + ":8080: connect: connection refused",
                "UNAVAILABLE: io exception");
    }

    static String deployBug(Draw draw) {
        return draw.pick("java.lang.NullPointerException at OrderMapper.toView(OrderMapper.java:88)",
                "column \"region_code\" does not exist", "ClassCastException: Long cannot be cast to Integer",
                "unknown field \"priority\" in request", "internal error");
    }

    static String retried(Draw draw, String target) {
        return draw.pick(target + ": 429 Too Many Requests", "deadline exceeded calling " + target + ", retrying",
                target + ": 503 Service Unavailable", "timeout after 2000 ms");
    }

    static String cacheFailover(Draw draw) {
        return draw.pick("READONLY You can't write against a read only replica.",
                "LOADING Redis is loading the dataset in memory", "connection refused", "MOVED 3999 10.0.4.12:6379");
    }
}
