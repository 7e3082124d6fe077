package dev.tracehound.sandbox;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A command started in a sandbox. Safe to use from many threads. */
public interface RunningCommand {

    /** Sends a signal (e.g. 2 for SIGINT, 15 for SIGTERM) to the command's process group. */
    void signal(int signal);

    /** Kills the command's whole process group (SIGKILL). */
    void kill();

    /**
     * Waits for the end.
     *
     * @throws SandboxException when the sandbox died under the command
     */
    CommandResult await() throws InterruptedException;

    /** Waits at most {@code within}; the command keeps running if this times out. */
    CommandResult await(Duration within) throws InterruptedException, TimeoutException;
}
