package dev.tracehound.agent.session;

import java.util.List;
import java.util.Optional;

/** One page of a project's sessions, newest first; {@code nextCursor} fetches the page after it. */
public record SessionPage(List<AgentSession> sessions, Optional<String> nextCursor) {

    public SessionPage {
        sessions = List.copyOf(sessions);
    }
}
