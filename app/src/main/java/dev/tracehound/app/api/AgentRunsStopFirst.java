package dev.tracehound.app.api;

import dev.tracehound.agent.AgentLoop;
import org.springframework.context.SmartLifecycle;

/**
 * Cancels the agent's runs before anything else of the application stops. Closing the loop only
 * as a bean, after the web server's graceful shutdown, left a window in which the parts a run
 * uses (sandboxes, the engine's connections) went away under it: a running shell call then
 * failed instead of being cancelled, and the run went on to ask the model again.
 */
final class AgentRunsStopFirst implements SmartLifecycle {

    private final AgentLoop loop;
    private volatile boolean running;

    AgentRunsStopFirst(AgentLoop loop) {
        this.loop = loop;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        loop.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * The highest phase stops first: these runs stop right after the one phase above them, in
     * which investigations hand their runs back to the queue before the runs are cancelled.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
