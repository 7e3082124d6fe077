package dev.tracehound.agent.session;

/** Whether a session is doing something: a new message may start a run only when it is idle. */
public enum SessionStatus {
    IDLE, RUNNING, AWAITING_APPROVAL
}
