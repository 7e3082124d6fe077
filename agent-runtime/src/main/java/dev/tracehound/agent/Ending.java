package dev.tracehound.agent;

import dev.tracehound.agent.EventTypes.DoneReason;
import dev.tracehound.agent.session.SessionWrites;

/** How a run ended, and what it still has to store with its status and {@code done}. */
record Ending(DoneReason reason, SessionWrites writes) {

    Ending(DoneReason reason) {
        this(reason, new SessionWrites());
    }
}
