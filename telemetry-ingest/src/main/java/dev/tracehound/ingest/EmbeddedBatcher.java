package dev.tracehound.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the rows of concurrent requests into inserts of up to {@code maxBatchRows}, or
 * whatever arrived within {@code linger}, and completes each request's future once the
 * insert holding its rows returned. Memory is bounded: rows waiting or being inserted never
 * exceed {@code capacityRows}; past that, {@link #submit} refuses at once instead of
 * queueing.
 */
final class EmbeddedBatcher<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBatcher.class);

    /** The batcher is full: the caller should answer 429 and ask the client to retry. */
    static final class FullException extends RuntimeException {
        FullException(String message) {
            super(message);
        }
    }

    private record Submission<T>(List<T> rows, CompletableFuture<Void> done) {}

    private final String name;
    private final Consumer<List<T>> insert;
    private final int maxBatchRows;
    private final long lingerNanos;
    private final int capacityRows;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Submission<T>> queue = new ArrayDeque<>();
    private final Thread flusher;
    private int reservedRows;
    private long oldestArrival;
    private boolean closed;

    EmbeddedBatcher(String name, Consumer<List<T>> insert, int maxBatchRows, Duration linger, int capacityRows) {
        if (maxBatchRows <= 0 || capacityRows < maxBatchRows || linger.isNegative()) {
            throw new IllegalArgumentException("need 0 < maxBatchRows <= capacityRows and a linger >= 0");
        }
        this.name = name;
        this.insert = insert;
        this.maxBatchRows = maxBatchRows;
        this.lingerNanos = linger.toNanos();
        this.capacityRows = capacityRows;
        this.flusher = Thread.ofVirtual().name("ingest-batcher-" + name).start(this::run);
    }

    /**
     * Queues the rows; the future completes when they are stored, or fails with the reason.
     * A submission larger than the capacity is still taken when nothing else waits, so one
     * big request cannot be refused forever.
     */
    CompletableFuture<Void> submit(List<T> rows) {
        if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        var done = new CompletableFuture<Void>();
        lock.lock();
        try {
            if (closed) {
                throw new FullException(name + " ingest is shutting down");
            }
            if (reservedRows + rows.size() > capacityRows && reservedRows > 0) {
                throw new FullException(name + " ingest is at capacity (" + reservedRows + " rows waiting for storage)");
            }
            if (queue.isEmpty()) {
                oldestArrival = System.nanoTime();
            }
            reservedRows += rows.size();
            queue.add(new Submission<>(rows, done));
            arrived.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    int reservedRows() {
        lock.lock();
        try {
            return reservedRows;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<Submission<T>> batch = nextBatch();
            if (batch == null) {
                return;
            }
            var rows = new ArrayList<T>();
            for (Submission<T> submission : batch) {
                rows.addAll(submission.rows());
            }
            RuntimeException failure = null;
            try {
                insert.accept(rows);
            } catch (RuntimeException e) {
                failure = e;
                log.warn("{} ingest: an insert of {} rows failed: {}", name, rows.size(), e.getMessage());
            }
            lock.lock();
            try {
                reservedRows -= rows.size();
            } finally {
                lock.unlock();
            }
            for (Submission<T> submission : batch) {
                if (failure == null) {
                    submission.done().complete(null);
                } else {
                    submission.done().completeExceptionally(failure);
                }
            }
        }
    }

    /** Waits for a full batch or the linger time; null once closed and drained. */
    private List<Submission<T>> nextBatch() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                arrived.awaitUninterruptibly();
            }
            while (!closed && queuedRows() < maxBatchRows) {
                long waited = System.nanoTime() - oldestArrival;
                if (waited >= lingerNanos) {
                    break;
                }
                arrived.await(lingerNanos - waited, TimeUnit.NANOSECONDS);
            }
            var batch = new ArrayList<Submission<T>>();
            int rows = 0;
            while (!queue.isEmpty() && (batch.isEmpty() || rows + queue.peek().rows().size() <= maxBatchRows)) {
                Submission<T> next = queue.poll();
                rows += next.rows().size();
                batch.add(next);
            }
            oldestArrival = System.nanoTime();
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private int queuedRows() {
        int rows = 0;
        for (Submission<T> submission : queue) {
            rows += submission.rows().size();
        }
        return rows;
    }

    /** Stores what was already accepted, then stops. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
