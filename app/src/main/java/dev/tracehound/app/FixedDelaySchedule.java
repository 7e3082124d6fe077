package dev.tracehound.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * How the service's background jobs run: on a virtual thread of their own, {@code interval} after
 * the previous run ended, never two runs at once in one instance (a scheduled run and one called
 * directly included).
 */
final class FixedDelaySchedule implements AutoCloseable {

    private final Duration interval;
    private final ReentrantLock running = new ReentrantLock();
    private final ScheduledExecutorService schedule;

    FixedDelaySchedule(String threadName, Duration interval) {
        this.interval = interval;
        this.schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(threadName).factory());
    }

    Duration interval() {
        return interval;
    }

    /**
     * Runs {@code task} first after {@code initialDelay}, then {@code interval} after each run
     * ends. The task must not throw: a scheduled task that throws is never run again.
     */
    void start(Duration initialDelay, Runnable task) {
        schedule.scheduleWithFixedDelay(task, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code run} unless a run is going here already; then returns null at once. */
    <T> T exclusively(Supplier<T> run) {
        if (!running.tryLock()) {
            return null;
        }
        try {
            return run.get();
        } finally {
            running.unlock();
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
