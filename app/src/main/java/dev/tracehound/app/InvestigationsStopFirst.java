package dev.tracehound.app;

import dev.tracehound.incidents.investigate.Investigations;
import org.springframework.context.SmartLifecycle;

/**
 * Puts this instance's running investigations back in the queue before the agent's runs are
 * cancelled. Closing them only as a bean came after the loop's own stop: their runs ended as
 * cancelled while the investigations did not yet know the service was stopping, and each was
 * recorded as failed instead of going to another instance.
 */
final class InvestigationsStopFirst implements SmartLifecycle {

    /** Above the agent runs' phase: the highest phase stops first. */
    static final int PHASE = Integer.MAX_VALUE;

    private final Investigations investigations;
    private volatile boolean running;

    InvestigationsStopFirst(Investigations investigations) {
        this.investigations = investigations;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        investigations.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
