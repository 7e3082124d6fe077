package dev.tracehound.agent.metering;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.FileEntry;
import dev.tracehound.sandbox.OutputChunk;
import dev.tracehound.sandbox.RunningCommand;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxSpec;
import java.util.List;
import java.util.function.Consumer;

/** A sandbox a session holds under a lease: closing it ends the lease ({@link SandboxMinutes}). */
final class LeasedSandbox implements Sandbox {

    private final Sandbox delegate;
    private final long lease;
    private final SandboxMinutes minutes;

    LeasedSandbox(Sandbox delegate, long lease, SandboxMinutes minutes) {
        this.delegate = delegate;
        this.lease = lease;
        this.minutes = minutes;
    }

    Sandbox delegate() {
        return delegate;
    }

    long lease() {
        return lease;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public SandboxSpec spec() {
        return delegate.spec();
    }

    @Override
    public RunningCommand start(Command command, Consumer<OutputChunk> output) {
        return delegate.start(command, output);
    }

    @Override
    public void writeFile(String path, byte[] content) {
        delegate.writeFile(path, content);
    }

    @Override
    public byte[] readFile(String path) {
        return delegate.readFile(path);
    }

    @Override
    public List<FileEntry> listFiles(String directory) {
        return delegate.listFiles(directory);
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    /** Removes the sandbox, then ends its lease: now, or when last seen ready if it had ended by itself. */
    @Override
    public void close() {
        boolean wasReady;
        try {
            wasReady = delegate.status() == Status.READY;
        } catch (RuntimeException e) {
            wasReady = true;
        }
        try {
            delegate.close();
        } finally {
            minutes.released(this, wasReady);
        }
    }
}
