package dev.tracehound.analytics;

/** A ClickHouse migration could not be applied; start-up must stop with this message. */
public final class SchemaMigrationException extends RuntimeException {

    SchemaMigrationException(String message) {
        super(message);
    }

    SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
