package dev.tracehound.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a run opened, closed in reverse order at its end or when the JVM is stopped. */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

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
