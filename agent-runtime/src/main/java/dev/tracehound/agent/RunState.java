package dev.tracehound.agent;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a session: whether it was cancelled, and the threads of its model call or
 * tools, which a cancel interrupts. The run's own thread is never among them.
 */
final class RunState {

    /** How long cancelled work may take to stop before the run ends without waiting for it. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    final CountDownLatch ended = new CountDownLatch(1);
    volatile AgentLoop.Run run;
    private final Set<Thread> workers = new HashSet<>();
    private boolean cancelled;
    private boolean finishing;

    /** False when the run is past cancelling: it is writing its last events. */
    synchronized boolean cancel() {
        if (finishing) {
            return false;
        }
        cancelled = true;
        workers.forEach(Thread::interrupt);
        notifyAll();
        return true;
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    void checkNotCancelled() throws RunCancelled {
        if (cancelled()) {
            throw new RunCancelled();
        }
    }

    /**
     * The run is writing its last events: from here a cancel does nothing, and a new message or
     * decision waits for {@code done} instead of failing.
     */
    synchronized void finish() {
        finishing = true;
    }

    synchronized boolean finishing() {
        return finishing;
    }

    /** Waits for a run that is writing its last events to end; false for one still going. */
    boolean awaitEndIfFinishing(Duration wait) {
        if (!finishing()) {
            return false;
        }
        try {
            return ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Work on a thread of its own: its outcome, and a way to stop it alone. */
    record Work<T>(CompletableFuture<T> outcome, Thread thread) {

        /** Interrupts the work, e.g. at its deadline; a no-op for work that never started. */
        void stop() {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Runs {@code task} on a virtual thread of its own that a cancel interrupts. */
    <T> Work<T> work(String name, Callable<T> task) {
        var outcome = new CompletableFuture<T>();
        synchronized (this) {
            if (cancelled) {
                outcome.completeExceptionally(new InterruptedException("the run was cancelled"));
                return new Work<>(outcome, null);
            }
            Thread worker = Thread.ofVirtual().name(name).unstarted(() -> {
                try {
                    outcome.complete(task.call());
                } catch (Throwable e) {
                    outcome.completeExceptionally(e);
                } finally {
                    synchronized (this) {
                        workers.remove(Thread.currentThread());
                    }
                }
            });
            workers.add(worker);
            worker.start();
            return new Work<>(outcome, worker);
        }
    }

    /**
     * Waits for work on another thread, running {@code tick} every {@code tickEvery}. After a
     * cancel it waits {@link #STOP_WAIT} at most for the work to stop.
     */
    <T> T await(CompletableFuture<T> work, Duration tickEvery, Runnable tick) throws RunCancelled, ExecutionException {
        long cancelledAt = 0;
        while (true) {
            try {
                return work.get(tickEvery.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                tick.run();
            } catch (InterruptedException e) {
                // Nothing of ours interrupts a run's thread; whoever did wants it to stop.
                cancel();
            }
            if (cancelled()) {
                if (cancelledAt == 0) {
                    cancelledAt = System.nanoTime();
                } else if (System.nanoTime() - cancelledAt > STOP_WAIT.toNanos()) {
                    throw new RunCancelled();
                }
            }
        }
    }

    /** Sleeps, unless the run is cancelled meanwhile. */
    synchronized void pause(Duration duration) throws RunCancelled {
        long until = System.nanoTime() + duration.toNanos();
        for (long left; !cancelled && (left = until - System.nanoTime()) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                cancelled = true;
            }
        }
        if (cancelled) {
            throw new RunCancelled();
        }
    }
}
