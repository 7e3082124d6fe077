package dev.tracehound.analytics;

/** ClickHouse could not be reached or refused a statement; the message says which and why. */
public final class ClickHouseException extends RuntimeException {

    ClickHouseException(String message, Throwable cause) {
        super(message, cause);
    }

    ClickHouseException(String message) {
        super(message);
    }
}
