package dev.tracehound.app;

/** PostgreSQL could not be reached or migrated at start-up. */
final class PostgresUnavailableException extends RuntimeException {

    private final String url;

    PostgresUnavailableException(String url, Throwable cause) {
        super("PostgreSQL at " + url + " is unreachable or refused the migration: " + Causes.rootMessage(cause), cause);
        this.url = url;
    }

    String url() {
        return url;
    }

}
