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
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the items of concurrent requests into inserts of up to {@code maxBatchRows} rows, or
 * whatever arrived within {@code linger}, and completes each request's future once the
 * insert holding its items returned. Memory is bounded: rows waiting or being inserted never
 * exceed {@code capacityRows}; past that, {@link #submit} refuses at once instead of
 * queueing. An item weighs the number of rows it holds.
 */
final class EmbeddedBatcher<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBatcher.class);
    private static final int INSERTS_IN_FLIGHT = 2;

    /** The batcher is full: the caller should answer 429 and ask the client to retry. */
    static final class FullException extends RuntimeException {
        FullException(String message) {
            super(message);
        }
    }

    private record Submission<T>(List<T> items, int rows, CompletableFuture<Void> done) {}

    private final String name;
    private final Consumer<List<T>> insert;
    private final ToIntFunction<T> rowsOf;
    private final Predicate<RuntimeException> isolateOn;
    private final int maxBatchRows;
    private final long lingerNanos;
    private final int capacityRows;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Submission<T>> queue = new ArrayDeque<>();
    private final List<Thread> flushers = new ArrayList<>();
    private int reservedRows;
    private long oldestArrival;
    private boolean closed;

    EmbeddedBatcher(String name, Consumer<List<T>> insert, int maxBatchRows, Duration linger, int capacityRows) {
        this(name, insert, item -> 1, failure -> false, maxBatchRows, linger, capacityRows);
    }

    /**
     * @param isolateOn failures after which each request of the failed insert is inserted on
     *                  its own, so that one request the store refuses does not fail the others
     */
    EmbeddedBatcher(String name, Consumer<List<T>> insert, ToIntFunction<T> rowsOf,
            Predicate<RuntimeException> isolateOn, int maxBatchRows, Duration linger, int capacityRows) {
        if (maxBatchRows <= 0 || capacityRows < maxBatchRows || linger.isNegative()) {
            throw new IllegalArgumentException("need 0 < maxBatchRows <= capacityRows and a linger >= 0");
        }
        this.name = name;
        this.insert = insert;
        this.rowsOf = rowsOf;
        this.isolateOn = isolateOn;
        this.maxBatchRows = maxBatchRows;
        this.lingerNanos = linger.toNanos();
        this.capacityRows = capacityRows;
        // Two inserts in flight: the next batch gathers and is sent while ClickHouse writes the last.
        for (int i = 0; i < INSERTS_IN_FLIGHT; i++) {
            flushers.add(Thread.ofVirtual().name("ingest-batcher-" + name + "-" + i).start(this::run));
        }
    }

    /**
     * Queues the rows; the future completes when they are stored, or fails with the reason.
     * A submission larger than the capacity is still taken when nothing else waits, so one
     * big request cannot be refused forever.
     */
    CompletableFuture<Void> submit(List<T> items) {
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int rows = rowsIn(items);
        var done = new CompletableFuture<Void>();
        lock.lock();
        try {
            if (closed) {
                throw new FullException(name + " ingest is shutting down");
            }
            if (reservedRows + rows > capacityRows && reservedRows > 0) {
                throw new FullException(name + " ingest is at capacity (" + reservedRows + " rows waiting for storage)");
            }
            if (queue.isEmpty()) {
                oldestArrival = System.nanoTime();
            }
            reservedRows += rows;
            queue.add(new Submission<>(items, rows, done));
            arrived.signalAll();
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
            RuntimeException failure = insert(batch);
            if (failure != null && batch.size() > 1 && isolateOn.test(failure)) {
                log.warn("{} ingest: inserting the {} requests of the failed insert one by one", name, batch.size());
                for (Submission<T> submission : batch) {
                    finish(List.of(submission), insert(List.of(submission)));
                }
            } else {
                finish(batch, failure);
            }
        }
    }

    private RuntimeException insert(List<Submission<T>> batch) {
        var items = new ArrayList<T>();
        int rows = 0;
        for (Submission<T> submission : batch) {
            items.addAll(submission.items());
            rows += submission.rows();
        }
        try {
            insert.accept(items);
            return null;
        } catch (RuntimeException e) {
            log.warn("{} ingest: an insert of {} rows failed: {}", name, rows, e.getMessage());
            return e;
        }
    }

    private void finish(List<Submission<T>> batch, RuntimeException failure) {
        lock.lock();
        try {
            for (Submission<T> submission : batch) {
                reservedRows -= submission.rows();
            }
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

    /** Waits for a full batch or the linger time; null once closed and drained. */
    private List<Submission<T>> nextBatch() {
        lock.lock();
        try {
            // Another flusher may take the queue while this one lingers: then wait for arrivals again.
            while (true) {
                while (queue.isEmpty()) {
                    if (closed) {
                        return null;
                    }
                    arrived.awaitUninterruptibly();
                }
                long waited = System.nanoTime() - oldestArrival;
                if (closed || waited >= lingerNanos || queuedRows() >= maxBatchRows) {
                    break;
                }
                arrived.await(lingerNanos - waited, TimeUnit.NANOSECONDS);
            }
            var batch = new ArrayList<Submission<T>>();
            int rows = 0;
            while (!queue.isEmpty() && (batch.isEmpty() || rows + queue.peek().rows() <= maxBatchRows)) {
                Submission<T> next = queue.poll();
                rows += next.rows();
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
            rows += submission.rows();
        }
        return rows;
    }

    private int rowsIn(List<T> items) {
        int rows = 0;
        for (T item : items) {
            rows += rowsOf.applyAsInt(item);
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
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (Thread flusher : flushers) {
                flusher.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
