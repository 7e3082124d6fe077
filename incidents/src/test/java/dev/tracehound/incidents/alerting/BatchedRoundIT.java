package dev.tracehound.incidents.alerting;

import static dev.tracehound.incidents.alerting.AlertingDatabase.breaching;
import static dev.tracehound.incidents.alerting.AlertingDatabase.minute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Detection;
import dev.tracehound.incidents.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The round with a detection that evaluates some checks together: only claimed checks are handed to it,
 * once per slot whatever the number of instances; what it evaluates is applied as if evaluated alone; what
 * it leaves out, or everything when it fails, is evaluated alone.
 */
class BatchedRoundIT {

    private AlertingDatabase db;
    private Together detection;

    /** The scripted detection, with the checks named evaluated together; every call to evaluateAll noted. */
    private static final class Together implements Detection {

        private final ScriptedDetection scripted;
        private final Set<String> together;
        private final List<List<String>> calls = new CopyOnWriteArrayList<>();
        private volatile RuntimeException failure;

        Together(ScriptedDetection scripted, Set<String> together) {
            this.scripted = scripted;
            this.together = together;
        }

        @Override
        public List<Check> checks() {
            return scripted.checks();
        }

        @Override
        public List<Observation> evaluate(Check check, Instant at) {
            return scripted.evaluate(check, at);
        }

        @Override
        public Map<Check, List<Observation>> evaluateAll(List<Check> checks, Instant at) {
            calls.add(checks.stream().map(Check::source).toList());
            if (failure != null) {
                throw failure;
            }
            var seen = new LinkedHashMap<Check, List<Observation>>();
            checks.stream().filter(c -> together.contains(c.source())).forEach(c -> seen.put(c, scripted.evaluate(c, at)));
            return seen;
        }
    }

    private Check latency;
    private Check errors;
    private Check alone;

    @BeforeEach
    void setUp() {
        db = new AlertingDatabase();
        latency = db.rule("checkout latency", Map.of());
        errors = db.rule("payments errors", Map.of());
        alone = db.rule("search latency", Map.of());
        db.detection.sees(latency, breaching(latency, "checkout"));
        db.detection.sees(errors, breaching(errors, "payments"));
        db.detection.sees(alone, breaching(alone, "search"));
        detection = new Together(db.detection, Set.of(latency.source(), errors.source()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private IncidentEngine engine(String instance) {
        return new IncidentEngine(db.dataSource, detection, db.investigations, db.outbox, instance,
                AlertingDatabase.PUBLIC_URL);
    }

    @Test
    void twoInstancesHandTheDetectionOnlyTheChecksTheyClaimedAndEvaluateEachOncePerSlot() throws Exception {
        IncidentEngine a = engine("instance-a");
        IncidentEngine b = engine("instance-b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int m = 0; m < 3; m++) {
                for (int tick = 0; tick < 60; tick += 20) {
                    Instant now = minute(m).plusSeconds(tick);
                    CountDownLatch start = new CountDownLatch(1);
                    Future<RoundResult> first = pool.submit(() -> {
                        start.await();
                        return a.round(now);
                    });
                    Future<RoundResult> second = pool.submit(() -> {
                        start.await();
                        return b.round(now);
                    });
                    start.countDown();
                    assertThat(first.get().failed() + second.get().failed()).isZero();
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> perSlot = db.detection.evaluations().stream().collect(Collectors.groupingBy(
                e -> e.source() + "@" + EvaluationSlots.slotOf(e.at(), Duration.ofMinutes(1)), Collectors.counting()));
        assertThat(perSlot).hasSize(3 * 3).allSatisfy((slot, count) -> assertThat(count).as(slot).isEqualTo(1));
        assertThat(detection.calls).as("never an empty call, never a check twice in a minute")
                .allSatisfy(call -> assertThat(call).isNotEmpty());
        assertThat(detection.calls.stream().mapToLong(List::size).sum()).isEqualTo(3 * 3);
        assertThat(db.incidents().list(db.project.id(), Incidents.Status.OPEN, 10)).extracting(IncidentSummary::service)
                .containsExactlyInAnyOrder("checkout", "payments", "search");
        assertThat(db.keysSentTo(db.hook)).hasSize(3);
    }

    @Test
    void whenEvaluatingTogetherFailsEachCheckIsEvaluatedAlone() {
        detection.failure = new IllegalStateException("ClickHouse went away mid-batch");
        IncidentEngine engine = engine("a");

        RoundResult first = engine.round(minute(0));
        engine.round(minute(1));

        assertThat(first.evaluated()).isEqualTo(3);
        assertThat(first.failed()).isZero();
        assertThat(db.detection.evaluationsOf(latency)).isEqualTo(2);
        assertThat(db.detection.evaluationsOf(alone)).isEqualTo(2);
        assertThat(db.incidents().list(db.project.id(), Incidents.Status.OPEN, 10)).hasSize(3);
    }
}
