package dev.tracehound.analytics.query;

/**
 * A query asked for more than one query may cost (rows read, rows returned or time); the
 * message says which limit it hit and how to narrow the query. Nothing is wrong with the
 * service: the same query over less data will answer.
 */
public final class QueryTooBroadException extends IllegalArgumentException {

    QueryTooBroadException(String message, Throwable cause) {
        super(message, cause);
    }
}
