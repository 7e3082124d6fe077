package dev.tracehound.app.api;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import reactor.core.publisher.Mono;

/**
 * Runs the engine's blocking calls off the event loop, one virtual thread each. When the
 * subscriber goes away (the HTTP client closed the connection) the thread is interrupted,
 * and the ClickHouse client then kills the query on the server.
 */
public final class Blocking implements AutoCloseable {

    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("query-", 0).factory());

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.create(sink -> {
            Future<?> running = threads.submit(() -> {
                try {
                    sink.success(work.call());
                } catch (Throwable t) {
                    sink.error(t);
                }
            });
            sink.onCancel(() -> running.cancel(true));
        });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
