package dev.tracehound.analytics;

import java.util.OptionalInt;
import java.util.Set;

/** ClickHouse could not be reached or refused a statement; the message says which and why. */
public final class ClickHouseException extends RuntimeException {

    /**
     * Server error codes that say "not now" rather than "never": overload, limits, a server
     * starting or shutting down. Every other code the server answers with is about the
     * statement or its data, and sending the same again fails the same way.
     */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(
            159, // TIMEOUT_EXCEEDED
            164, // READONLY
            202, // TOO_MANY_SIMULTANEOUS_QUERIES
            203, // NO_FREE_CONNECTION
            209, // SOCKET_TIMEOUT
            210, // NETWORK_ERROR
            236, // ABORTED
            241, // MEMORY_LIMIT_EXCEEDED
            242, // TABLE_IS_READ_ONLY
            243, // NOT_ENOUGH_SPACE
            252, // TOO_MANY_PARTS
            394, // QUERY_WAS_CANCELLED
            425); // SYSTEM_ERROR

    private final int serverCode;

    ClickHouseException(String message, Throwable cause, int serverCode) {
        super(message, cause);
        this.serverCode = serverCode;
    }

    ClickHouseException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    ClickHouseException(String message) {
        this(message, null, -1);
    }

    /** The error code ClickHouse answered with; empty when it did not answer at all. */
    public OptionalInt serverCode() {
        return serverCode < 0 ? OptionalInt.empty() : OptionalInt.of(serverCode);
    }

    /**
     * Whether the same statement may succeed later: the server was unreachable, did not answer
     * in time, or answered with an overload or availability error.
     */
    public boolean isTransient() {
        return serverCode < 0 || TRANSIENT_CODES.contains(serverCode);
    }
}
