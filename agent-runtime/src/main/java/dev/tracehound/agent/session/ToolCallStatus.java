package dev.tracehound.agent.session;

/** Where a tool call is: waiting for a person, running, or finished one of four ways. */
public enum ToolCallStatus {
    AWAITING_APPROVAL, RUNNING, SUCCEEDED, FAILED, DENIED, CANCELLED;

    public boolean finished() {
        return this != AWAITING_APPROVAL && this != RUNNING;
    }

    /** Whether the model is told the call went wrong. */
    public boolean error() {
        return this == FAILED || this == DENIED || this == CANCELLED;
    }
}
