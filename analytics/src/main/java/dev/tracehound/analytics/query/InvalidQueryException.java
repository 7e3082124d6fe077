package dev.tracehound.analytics.query;

/**
 * A query that cannot be answered as asked: a missing or too wide time range, a malformed trace
 * id or cursor, an unknown field, a limit out of range. The message names what to fix and is
 * meant for the person who wrote the query. An {@link IllegalArgumentException} that is not of
 * this type is a bug of ours, not a bad query.
 */
public final class InvalidQueryException extends IllegalArgumentException {

    public InvalidQueryException(String message) {
        super(message);
    }
}
