package dev.tracehound.sandbox;

/**
 * A sandbox could not do what was asked, for a reason the message names. Bad specs and
 * arguments are {@link IllegalArgumentException}s instead, thrown before anything starts.
 */
public final class SandboxException extends RuntimeException {

    /** Why, for callers that react differently. */
    public enum Reason {
        /** The engine or service (Docker, Daytona) could not be reached. */
        UNAVAILABLE,
        /** The image or snapshot does not exist where the provider looks; it is never pulled. */
        IMAGE_NOT_FOUND,
        /** The sandbox is gone (closed, reaped, or it died). */
        SANDBOX_GONE,
        /** A path outside the workspace, or a file that does not exist. */
        BAD_PATH,
        /** The provider refused for another reason (quota, conflict, an error it answered). */
        REFUSED
    }

    private final Reason reason;

    public SandboxException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    SandboxException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
