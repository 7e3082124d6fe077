package dev.tracehound.app;

import org.springframework.context.SmartLifecycle;

/**
 * Runs something as the application begins to stop: before the web server's graceful shutdown and
 * before any bean is destroyed. The highest phase stops first, so the phases below say what goes
 * before what.
 */
public final class StopsEarly implements SmartLifecycle {

    /** Investigations hand their runs back to the queue before those runs are cancelled. */
    public static final int INVESTIGATIONS = Integer.MAX_VALUE;
    /** The agent's runs are cancelled before the parts they use (sandboxes, connections) go away. */
    public static final int AGENT_RUNS = Integer.MAX_VALUE - 1;

    private final int phase;
    private final Runnable stop;
    private volatile boolean running;

    public StopsEarly(int phase, Runnable stop) {
        this.phase = phase;
        this.stop = stop;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stop.run();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
