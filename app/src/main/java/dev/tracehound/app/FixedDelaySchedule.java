package dev.tracehound.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the service's background jobs run: on a virtual thread of their own, {@code interval} after
 * the previous run ended, never two runs at once in one instance (a scheduled run and one called
 * directly included). A scheduled run that fails is logged and counted ({@code <runs
 * meter>{outcome=failed}}), never thrown: a scheduled task that throws is never run again.
 */
final class FixedDelaySchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FixedDelaySchedule.class);

    private final String name;
    private final Duration interval;
    private final MeterRegistry meters;
    private final String runsMeter;
    private final ReentrantLock running = new ReentrantLock();
    private final ScheduledExecutorService schedule;

    /**
     * @param name      the job's name: its thread's, and the first word of its log lines
     * @param runsMeter the counter of its runs, by {@code outcome}
     */
    FixedDelaySchedule(String name, Duration interval, MeterRegistry meters, String runsMeter) {
        this.name = name;
        this.interval = interval;
        this.meters = meters;
        this.runsMeter = runsMeter;
        this.schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(name).factory());
    }

    /** Runs {@code task} first after {@code initialDelay}, then {@code interval} after each run ends. */
    void start(Duration initialDelay, Runnable task) {
        schedule.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                meters.counter(runsMeter, "outcome", "failed").increment();
                log.warn("{}: the run failed (the next one, in {}, tries again): {}", name, interval, e.getMessage());
            }
        }, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
