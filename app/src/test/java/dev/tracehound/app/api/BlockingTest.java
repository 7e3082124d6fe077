package dev.tracehound.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class BlockingTest {

    @Test
    void aCallWhoseSubscriberLeavesIsInterrupted() throws Exception {
        var started = new CountDownLatch(1);
        var interrupted = new CountDownLatch(1);
        try (var blocking = new Blocking()) {
            Disposable subscription = blocking.call(() -> {
                started.countDown();
                try {
                    Thread.sleep(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
                return "too late";
            }).subscribe();
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            subscription.dispose();

            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCallAnswersWithItsResultOrItsFailure() {
        try (var blocking = new Blocking()) {
            assertThat(blocking.call(() -> "answer").block(Duration.ofSeconds(5))).isEqualTo("answer");
            assertThat(blocking.call(() -> {
                throw new IllegalArgumentException("bad");
            }).onErrorResume(e -> reactor.core.publisher.Mono.just(e.getMessage())).block(Duration.ofSeconds(5)))
                    .isEqualTo("bad");
        }
    }
}
