package dev.tracehound.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Following a session's events: what is stored, then what comes live, each once and in order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionEventsIT {

    private AgentDatabase database;
    private SessionStore store;
    private SessionEvents events;

    @BeforeAll
    void migrate() {
        database = new AgentDatabase();
        DataSource pool = database.newPool();
        store = new SessionStore(JdbcClient.create(pool));
        events = new SessionEvents(store);
    }

    @AfterAll
    void drop() {
        database.close();
    }

    private UUID newSession() {
        return store.create(UUID.randomUUID(), UUID.randomUUID(), "alice", "events", "gpt-4o-mini").id();
    }

    @Test
    void followersSeeEveryEventOnceAndInOrderWhileSeveralThreadsAppend() throws Exception {
        UUID session = newSession();
        for (int i = 0; i < 50; i++) {
            events.append(session, "test.before", "{\"n\":" + i + "}");
        }
        int threads = 4;
        int perThread = 100;
        long total = 50 + (long) threads * perThread;
        var fromStart = new Collector();
        var fromMiddle = new Collector();
        var late = new Collector();
        var handles = new ArrayList<AutoCloseable>();
        handles.add(events.follow(session, 0, fromStart));
        handles.add(events.follow(session, 25, fromMiddle));
        var halfway = new CountDownLatch(threads * perThread / 2);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var appenders = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                appenders.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        events.append(session, "test.during", "{\"thread\":" + thread + ",\"n\":" + i + "}");
                        halfway.countDown();
                    }
                    return null;
                }));
            }
            assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
            handles.add(events.follow(session, 0, late));
            for (Future<?> appender : appenders) {
                appender.get(30, TimeUnit.SECONDS);
            }
        }

        fromStart.awaitUpTo(total);
        fromMiddle.awaitUpTo(total);
        late.awaitUpTo(total);
        assertThat(fromStart.sequences()).containsExactlyElementsOf(range(1, total));
        assertThat(fromMiddle.sequences()).containsExactlyElementsOf(range(26, total));
        assertThat(late.sequences()).containsExactlyElementsOf(range(1, total));
        for (AutoCloseable handle : handles) {
            handle.close();
        }
    }

    @Test
    void eventsThatAnotherInstanceAppendedAreFilledInFromTheStore() throws Exception {
        UUID session = newSession();
        var other = new SessionEvents(database.newStore());
        var follower = new Collector();
        try (var following = events.follow(session, 0, follower)) {
            other.append(session, "test.elsewhere", "{\"n\":1}");
            other.append(session, "test.elsewhere", "{\"n\":2}");
            events.append(session, "test.here", "{\"n\":3}");

            follower.awaitUpTo(3);
            assertThat(follower.sequences()).containsExactly(1L, 2L, 3L);
            assertThat(follower.received).extracting(SessionEvent::type)
                    .containsExactly("test.elsewhere", "test.elsewhere", "test.here");
        }
    }

    @Test
    void aFollowerStartingAfterManyEventsGetsThemPageByPageThenLiveOnes() throws Exception {
        UUID session = newSession();
        var batch = new ArrayList<NewEvent>();
        for (int i = 0; i < 2_500; i++) {
            batch.add(new NewEvent("test.batch", "{\"n\":" + i + "}"));
        }
        events.appendAll(session, batch);
        var all = new Collector();
        var rest = new Collector();

        try (var a = events.follow(session, 0, all); var b = events.follow(session, 1_700, rest)) {
            events.append(session, "test.live", "{}");

            all.awaitUpTo(2_501);
            rest.awaitUpTo(2_501);
            assertThat(all.sequences()).containsExactlyElementsOf(range(1, 2_501));
            assertThat(rest.sequences()).containsExactlyElementsOf(range(1_701, 2_501));
        }
    }

    @Test
    void aFollowerThatJoinsWhileAnotherLeavesStillGetsLiveEvents() throws Exception {
        UUID session = newSession();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 120; round++) {
                AutoCloseable leaving = events.follow(session, Long.MAX_VALUE / 2, event -> {});
                var joining = new Collector();
                var together = new CyclicBarrier(2);
                Future<?> leave = pool.submit(() -> {
                    together.await();
                    leaving.close();
                    return null;
                });
                long seen = round;
                Future<AutoCloseable> join = pool.submit(() -> {
                    together.await();
                    return events.follow(session, seen, joining);
                });
                leave.get(10, TimeUnit.SECONDS);
                try (AutoCloseable joined = join.get(10, TimeUnit.SECONDS)) {
                    events.append(session, "test.round", "{\"round\":" + round + "}");

                    joining.awaitArrival(round + 1);
                    assertThat(joining.sequences()).as("round %d", round).containsExactly((long) round + 1);
                }
            }
        }
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** Collects what a follower is handed. */
    private static final class Collector implements java.util.function.Consumer<SessionEvent> {
        final List<SessionEvent> received = new CopyOnWriteArrayList<>();

        @Override
        public void accept(SessionEvent event) {
            received.add(event);
        }

        List<Long> sequences() {
            return received.stream().map(SessionEvent::sequence).toList();
        }

        /** Waits until the event numbered {@code sequence} arrived, and what might come after it. */
        void awaitUpTo(long sequence) throws InterruptedException {
            awaitArrival(sequence);
            // Anything delivered twice or late would arrive about now.
            Thread.sleep(50);
        }

        /** Waits until the event numbered {@code sequence} arrived, or a while. */
        void awaitArrival(long sequence) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (received.stream().noneMatch(event -> event.sequence() >= sequence) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        }
    }
}
