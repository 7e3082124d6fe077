package dev.tracehound.app.security;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** PostgreSQL look-ups of the security chain run here, one virtual thread each, never on the event loop. */
final class OffTheEventLoop {

    private static final Scheduler VIRTUAL = Schedulers.fromExecutorService(
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("auth-", 0).factory()), "auth");

    private OffTheEventLoop() {}

    static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(VIRTUAL);
    }
}
