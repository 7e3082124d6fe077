package dev.tracehound.agent.session;

import java.util.UUID;

/** The session does not exist, or was deleted. */
public final class SessionNotFoundException extends RuntimeException {

    private final UUID sessionId;

    public SessionNotFoundException(UUID sessionId) {
        super("session " + sessionId + " does not exist or was deleted");
        this.sessionId = sessionId;
    }

    public UUID sessionId() {
        return sessionId;
    }
}
