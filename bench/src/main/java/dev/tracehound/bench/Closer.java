package dev.tracehound.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;

/** What a run opened, closed in reverse order at its end or when the JVM is stopped. */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Runs {@code work}, then closes what it opened; also when the JVM is stopped meanwhile (Ctrl-C). */
    <T> T closingAfter(Callable<T> work) throws Exception {
        Thread onExit = new Thread(this::close, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            return work.call();
        } finally {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    synchronized <T extends AutoCloseable> T add(T resource) {
        open.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                System.err.println("cleaning up failed: " + e.getMessage());
            }
        }
    }
}
