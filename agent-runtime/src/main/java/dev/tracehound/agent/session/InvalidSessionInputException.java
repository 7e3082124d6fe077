package dev.tracehound.agent.session;

/**
 * What a person asked of a session cannot be done as asked: an empty or too long title or
 * message, a page size out of range, a cursor this service did not make, a decision on a tool
 * call that waits for none. The message names what to fix. An {@link IllegalArgumentException}
 * that is not of this type is a bug of ours.
 */
public final class InvalidSessionInputException extends IllegalArgumentException {

    public InvalidSessionInputException(String message) {
        super(message);
    }

    public InvalidSessionInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
