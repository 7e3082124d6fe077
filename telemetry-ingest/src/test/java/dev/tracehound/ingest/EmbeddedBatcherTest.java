package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmbeddedBatcherTest {

    @Test
    void concurrentSubmissionsShareInsertsAndCompleteOnlyAfterTheirInsert() throws Exception {
        List<List<Integer>> inserts = Collections.synchronizedList(new ArrayList<>());
        try (var batcher = new EmbeddedBatcher<Integer>("test", inserts::add, 1_000, Duration.ofMillis(100), 10_000)) {
            List<CompletableFuture<Void>> futures = IntStream.range(0, 50)
                    .mapToObj(i -> batcher.submit(List.of(i * 10, i * 10 + 1)))
                    .toList();

            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

            assertThat(inserts.stream().mapToInt(List::size).sum()).isEqualTo(100);
            assertThat(inserts.size()).as("inserts for 50 requests arriving together").isLessThan(5);
            assertThat(batcher.reservedRows()).isZero();
        }
    }

    @Test
    void aFullBatcherRefusesAtOnceInsteadOfQueueing() throws Exception {
        var release = new CountDownLatch(1);
        try (var batcher = new EmbeddedBatcher<Integer>("test", rows -> await(release), 10, Duration.ZERO, 20)) {
            var first = batcher.submit(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
            var second = batcher.submit(List.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20));

            assertThatThrownBy(() -> batcher.submit(List.of(21)))
                    .isInstanceOf(EmbeddedBatcher.FullException.class)
                    .hasMessageContaining("at capacity");
            release.countDown();
            CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);
            assertThat(batcher.submit(List.of(21))).succeedsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailedInsertFailsExactlyTheRequestsInItAndFreesTheirRoom() throws Exception {
        try (var batcher = new EmbeddedBatcher<Integer>("test", rows -> {
            if (rows.contains(13)) {
                throw new IllegalStateException("storage is down");
            }
        }, 1, Duration.ZERO, 100)) {
            var bad = batcher.submit(List.of(13));
            var good = batcher.submit(List.of(1));

            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("storage is down");
            assertThat(good).succeedsWithin(Duration.ofSeconds(5));
            assertThat(batcher.reservedRows()).isZero();
        }
    }

    @Test
    void closingStoresWhatWasAcceptedFirst() {
        List<Integer> stored = Collections.synchronizedList(new ArrayList<>());
        var batcher = new EmbeddedBatcher<Integer>("test", stored::addAll, 1_000, Duration.ofSeconds(30), 10_000);
        var accepted = batcher.submit(List.of(1, 2, 3));

        batcher.close();

        assertThat(accepted).isCompleted();
        assertThat(stored).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> batcher.submit(List.of(4))).hasMessageContaining("shutting down");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
