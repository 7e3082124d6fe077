package dev.tracehound.app;

/** PostgreSQL could not be reached or migrated at start-up. */
final class PostgresUnavailableException extends RuntimeException {

    private final String url;

    PostgresUnavailableException(String url, Throwable cause) {
        super("PostgreSQL at " + url + " is unreachable or refused the migration: " + rootMessage(cause), cause);
        this.url = url;
    }

    String url() {
        return url;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    }
}
