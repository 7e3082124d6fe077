package dev.tracehound.incidents.approve;

import java.util.Objects;

/**
 * An action or an approval request cannot be had or changed as asked; the message says why and
 * what to do instead. {@link #reason()} is what an HTTP API answers: 404, 403 or 409.
 */
public final class ApprovalException extends RuntimeException {

    public enum Reason {
        /** No such action or request in the workspace named (another workspace's look the same as none). */
        NOT_FOUND,
        /** The person may not vote on this request: their role does not count at its tier, or they are no person. */
        NOT_ALLOWED,
        /** Not in this state: decided already, voted already, executed already, a name taken. */
        CONFLICT
    }

    private final Reason reason;

    ApprovalException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
