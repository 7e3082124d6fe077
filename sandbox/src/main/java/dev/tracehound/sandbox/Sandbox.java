package dev.tracehound.sandbox;

import java.util.List;
import java.util.function.Consumer;

/**
 * An isolated shell. Every method is safe to call from many threads, and commands may run
 * concurrently. Paths must lie under {@link SandboxSpec#WORKSPACE}; a relative path is taken
 * from it.
 */
public interface Sandbox extends AutoCloseable {

    /** The provider's id of the sandbox. */
    String id();

    SandboxSpec spec();

    /**
     * Starts a command; {@code output} receives its output chunk by chunk as it comes (up to
     * the command's output limit), on a thread of the provider.
     */
    RunningCommand start(Command command, Consumer<OutputChunk> output);

    /** Runs a command to its end. */
    default CommandResult run(Command command) throws InterruptedException {
        return start(command, chunk -> {}).await();
    }

    /** Writes a file, creating its directories; replaces what was there. */
    void writeFile(String path, byte[] content);

    byte[] readFile(String path);

    /** The entries of a directory, not recursive, in name order. */
    List<FileEntry> listFiles(String directory);

    Status status();

    /** Stops every command and removes the sandbox; closing twice does nothing. */
    @Override
    void close();

    enum Status {
        /** Running and taking commands. */
        READY,
        /** Its container or machine stopped by itself (e.g. killed); it takes no more commands. */
        DEAD,
        /** Closed, or removed by the reaper at the end of its time to live. */
        CLOSED
    }
}
