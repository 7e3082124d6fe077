package dev.tracehound.incidents.approve;

import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.agent.session.SessionNotFoundException;
import dev.tracehound.agent.session.SessionStatus;
import dev.tracehound.agent.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where the outcome of a proposed action goes back into the session that proposed it: executed,
 * failed, denied or expired. {@link ApprovalRequests} tells each outcome once, and again later
 * while this answers false.
 */
@FunctionalInterface
public interface SessionReplies {

    /**
     * Tells the session; false when it cannot take it now (a run goes on, or tool calls wait for
     * a person) and should be told later. A session that is gone counts as told.
     */
    boolean tell(UUID sessionId, String text);

    /**
     * Through the agent loop: the text is a message to the session, which starts a run, so the
     * agent reads the outcome and goes on from it, as it would from a person's message. A session
     * with a run going (here, or on another instance: its status says running and it changed within
     * {@link #RUN_LEFT_AFTER}), or with tool calls waiting for a decision (which a message would
     * cancel), is told later.
     *
     * @param loop the loop, asked for at the first outcome: the loop's tools include
     *             {@link ProposeActionTool}, which needs the approval requests that need this
     */
    static SessionReplies through(Supplier<AgentLoop> loop, SessionStore sessions, Clock clock) {
        return (sessionId, text) -> {
            Optional<AgentSession> found = sessions.get(sessionId);
            if (found.isEmpty()) {
                return true;
            }
            AgentSession session = found.get();
            boolean runElsewhere = session.status() == SessionStatus.RUNNING
                    && session.updatedAt().isAfter(clock.instant().minus(RUN_LEFT_AFTER));
            if (session.status() == SessionStatus.AWAITING_APPROVAL || runElsewhere || loop.get().isRunning(sessionId)) {
                return false;
            }
            try {
                loop.get().send(sessionId, text);
                return true;
            } catch (AgentLoop.SessionBusyException e) {
                return false;
            } catch (SessionNotFoundException e) {
                return true;
            }
        };
    }

    /**
     * A session still marked running this long after its last change was left so by an instance
     * that stopped: longer than a run may take ({@code tracehound.agent.wall-clock}, 10 min by default).
     */
    Duration RUN_LEFT_AFTER = Duration.ofMinutes(15);
}
