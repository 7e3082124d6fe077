package dev.tracehound.agent.model;

/** A model call failed: the provider answered with an error, or with something unusable. */
public final class ModelException extends RuntimeException {

    private final boolean retryable;

    public ModelException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether the same call may succeed later (rate limits, 5xx, timeouts). */
    public boolean retryable() {
        return retryable;
    }
}
