package dev.tracehound.agent.model;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs a model call on its own thread, interrupts it, and measures how soon it gives up. */
record InterruptionProbe(Throwable thrown, Duration stoppedAfterInterrupt) {

    /** Interrupts the call once its first text delta has arrived. */
    static InterruptionProbe run(Callable<?> call, List<String> deltas) throws InterruptedException {
        return probe(call, () -> !deltas.isEmpty(), Duration.ofSeconds(10));
    }

    /** Interrupts the call after a pause. */
    static InterruptionProbe runAndInterruptAfter(Callable<?> call, Duration pause) throws InterruptedException {
        long until = System.nanoTime() + pause.toNanos();
        return probe(call, () -> System.nanoTime() >= until, pause.plusSeconds(5));
    }

    private static InterruptionProbe probe(Callable<?> call, BooleanSupplier interruptWhen, Duration wait) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread caller = Thread.ofPlatform().name("model-caller").start(() -> {
            try {
                call.call();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        awaitStatic(interruptWhen, wait);
        if (!caller.isAlive()) {
            throw new AssertionError("the call ended before it could be interrupted", thrown[0]);
        }
        long interruptedAt = System.nanoTime();
        caller.interrupt();
        if (!caller.join(Duration.ofSeconds(10))) {
            throw new AssertionError("the call did not stop within 10 s of its interruption");
        }
        return new InterruptionProbe(thrown[0], Duration.ofNanos(System.nanoTime() - interruptedAt));
    }

    void awaitCondition(BooleanSupplier condition, Duration wait) throws InterruptedException {
        awaitStatic(condition, wait);
    }

    private static void awaitStatic(BooleanSupplier condition, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + wait);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
