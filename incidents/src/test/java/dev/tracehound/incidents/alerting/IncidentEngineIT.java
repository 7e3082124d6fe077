package dev.tracehound.incidents.alerting;

import static dev.tracehound.incidents.alerting.AlertingDatabase.breaching;
import static dev.tracehound.incidents.alerting.AlertingDatabase.healthy;
import static dev.tracehound.incidents.alerting.AlertingDatabase.minute;
import static dev.tracehound.incidents.alerting.AlertingDatabase.seen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import dev.tracehound.incidents.alerting.ScriptedDetection.Evaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentEngineIT {

    private AlertingDatabase db;

    @BeforeEach
    void setUp() {
        db = new AlertingDatabase();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<String> timelineKinds(IncidentSummary incident) {
        return db.incidents().detail(db.project.id(), incident.id()).orElseThrow().timeline().stream()
                .map(TimelineEvent::kind).toList();
    }

    private List<IncidentSummary> incidents(Incidents.Status status) {
        return db.incidents().list(db.project.id(), status, 100);
    }

    @Test
    void twoInstancesEvaluateEachCheckOncePerSlotAndNotifyEachEventOnce() throws Exception {
        Check latency = db.rule("checkout latency", Map.of());
        Check errors = db.rule("payments errors", Map.of());
        Check quiet = db.rule("search latency", Map.of());
        Check anomalies = db.check("anomaly:" + db.project.id(), db.project, "Anomaly detectors",
                Optional.of(Severity.MEDIUM), List.of(), Map.of());
        db.detection.sees(latency, breaching(latency, "checkout"));
        db.detection.sees(anomalies, breaching(anomalies, "checkout"));
        db.detection.sees(errors, breaching(errors, "payments"));
        db.detection.sees(quiet, healthy(quiet, "search"));
        IncidentEngine a = db.engine("instance-a");
        IncidentEngine b = db.engine("instance-b");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<RoundResult> results = new ArrayList<>();
        try {
            for (int m = 0; m < 4; m++) {
                for (int tick = 0; tick < 60; tick += 15) {
                    Instant now = minute(m).plusSeconds(tick);
                    boolean aFirst = tick % 30 == 0;
                    CountDownLatch start = new CountDownLatch(1);
                    Callable<RoundResult> round = () -> {
                        start.await();
                        return (aFirst ? a : b).round(now);
                    };
                    Callable<RoundResult> other = () -> {
                        start.await();
                        return (aFirst ? b : a).round(now);
                    };
                    Future<RoundResult> first = pool.submit(round);
                    Future<RoundResult> second = pool.submit(other);
                    start.countDown();
                    results.add(first.get());
                    results.add(second.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> perSlot = db.detection.evaluations().stream().collect(Collectors.groupingBy(
                e -> e.source() + "@" + EvaluationSlots.slotOf(e.at(), Duration.ofMinutes(1)), Collectors.counting()));
        assertThat(perSlot).hasSize(4 * 4).allSatisfy((slot, count) -> assertThat(count).as(slot).isEqualTo(1));
        assertThat(results.stream().mapToInt(RoundResult::evaluated).sum()).isEqualTo(16);
        assertThat(results.stream().mapToInt(RoundResult::failed).sum()).isZero();

        List<IncidentSummary> open = incidents(Incidents.Status.OPEN);
        assertThat(open).extracting(IncidentSummary::service).containsExactlyInAnyOrder("checkout", "payments");
        assertThat(open).filteredOn(i -> i.service().equals("checkout")).singleElement()
                .satisfies(i -> assertThat(i.firingAlerts()).as("the rule's and the detector's").isEqualTo(2));
        for (var channel : List.of(db.hook, db.slack)) {
            assertThat(db.keysSentTo(channel)).containsExactlyInAnyOrderElementsOf(
                    open.stream().map(i -> "incident-" + i.id() + "/firing").toList());
        }
        assertThat(db.keysSentTo(db.disabled)).as("a disabled channel is not among every enabled one").isEmpty();
        assertThat(db.outboxRows()).isEqualTo(4);
        assertThat(db.investigations.requests()).as("one investigation per incident, whichever instance asked")
                .hasSize(2);
    }

    @Test
    void aRuleFiresWithinTwoEvaluationIntervals() {
        Check latency = db.rule("checkout latency", Map.of());
        IncidentEngine engine = db.engine("a");
        db.detection.sees(latency, breaching(latency, "checkout"));

        engine.round(minute(0));
        assertThat(incidents(Incidents.Status.ALL)).isEmpty();
        assertThat(db.incidents().alerts(db.project.id())).singleElement()
                .satisfies(alert -> assertThat(alert.state()).isEqualTo("pending"));

        engine.round(minute(1));
        assertThat(incidents(Incidents.Status.OPEN)).singleElement().satisfies(incident -> {
            assertThat(incident.title()).isEqualTo("checkout: p99 latency 2310 ms against a typical 180 ms");
            assertThat(incident.openedAt()).isEqualTo(minute(1));
            assertThat(incident.severity()).isEqualTo(Severity.HIGH);
        });
        assertThat(db.incidents().alerts(db.project.id())).singleElement()
                .satisfies(alert -> assertThat(alert.state()).isEqualTo("firing"));
    }

    @Test
    void aRestartInTheMiddleEvaluatesNothingTwiceAndNotifiesNothingTwice() {
        Check latency = db.rule("checkout latency", Map.of());
        db.detection.sees(latency, breaching(latency, "checkout"));
        IncidentEngine before = db.engine("instance-a");
        before.round(minute(0));
        before.round(minute(1));
        assertThat(before.round(minute(1).plusSeconds(30)).skipped()).isEqualTo(1);

        IncidentEngine after = db.engine("instance-a");
        RoundResult sameSlot = after.round(minute(1).plusSeconds(45));
        assertThat(sameSlot.evaluated()).as("the slot the old engine took").isZero();
        assertThat(sameSlot.skipped()).isEqualTo(1);
        after.round(minute(2));
        after.round(minute(3));
        db.detection.sees(latency, healthy(latency, "checkout"));
        for (int m = 4; m < 8; m++) {
            after.round(minute(m));
            after.round(minute(m).plusSeconds(15));
        }

        assertThat(db.detection.evaluationsOf(latency)).isEqualTo(8);
        assertThat(db.detection.evaluations()).extracting(Evaluation::at)
                .allSatisfy(at -> assertThat(at.getEpochSecond() % 60).isZero());
        IncidentSummary incident = incidents(Incidents.Status.ALL).getFirst();
        assertThat(incidents(Incidents.Status.ALL)).hasSize(1);
        assertThat(incident.status()).isEqualTo("resolved");
        assertThat(db.keysSentTo(db.hook)).containsExactly("incident-" + incident.id() + "/firing",
                "incident-" + incident.id() + "/resolved");
        assertThat(db.investigations.requests()).hasSize(1);
    }

    @Test
    void firingsAreGroupedByServiceAndTheRulesOwnLabels() {
        Check routes = db.rule("route latency", Map.of("team", "payments"));
        Check teamWeb = db.rule("web latency", Map.of("team", "web"));
        Check anomalies = db.check("anomaly:" + db.project.id(), db.project, "Anomaly detectors",
                Optional.of(Severity.MEDIUM), List.of(), Map.of("team", "payments"));
        IncidentEngine engine = db.engine("a");
        db.detection.sees(routes,
                seen(routes, "checkout", "/pay", Verdict.BREACHING, Severity.MEDIUM),
                seen(routes, "checkout", "/cart", Verdict.BREACHING, Severity.CRITICAL),
                seen(routes, "payments", "/charge", Verdict.BREACHING, Severity.LOW));
        db.detection.sees(teamWeb, seen(teamWeb, "checkout", null, Verdict.BREACHING, Severity.LOW));
        db.detection.sees(anomalies, seen(anomalies, "checkout", null, Verdict.BREACHING, Severity.HIGH));

        engine.round(minute(0));
        engine.round(minute(1));

        Map<String, List<IncidentSummary>> byTeam = incidents(Incidents.Status.OPEN).stream()
                .collect(Collectors.groupingBy(i -> i.groupLabels().getOrDefault("team", "")));
        assertThat(byTeam.get("payments")).extracting(IncidentSummary::service)
                .containsExactlyInAnyOrder("checkout", "payments");
        assertThat(byTeam.get("web")).extracting(IncidentSummary::service).containsExactly("checkout");
        IncidentSummary checkout = byTeam.get("payments").stream().filter(i -> i.service().equals("checkout"))
                .findFirst().orElseThrow();
        assertThat(checkout.severity()).as("its worst alert's").isEqualTo(Severity.CRITICAL);
        assertThat(checkout.firingAlerts()).as("two routes of the rule and the anomaly").isEqualTo(3);
        assertThat(db.incidents().detail(db.project.id(), checkout.id()).orElseThrow().alerts())
                .extracting(IncidentAlert::seriesKey)
                .containsExactlyInAnyOrder("checkout,/pay", "checkout,/cart", "checkout");
        assertThat(db.keysSentTo(db.hook)).hasSize(3);
    }

    @Test
    void anIncidentResolvesWhenAllItsAlertsHaveBeenHealthyThreeTimesAndSaysSo() {
        Check latency = db.rule("checkout latency", Map.of());
        IncidentEngine engine = db.engine("a");
        var pay = seen(latency, "checkout", "/pay", Verdict.BREACHING, Severity.HIGH);
        var cart = seen(latency, "checkout", "/cart", Verdict.BREACHING, Severity.HIGH);
        var payHealthy = seen(latency, "checkout", "/pay", Verdict.HEALTHY, Severity.HIGH);
        var cartHealthy = seen(latency, "checkout", "/cart", Verdict.HEALTHY, Severity.HIGH);

        db.detection.sees(latency, pay, cart);
        engine.round(minute(0));
        engine.round(minute(1));
        IncidentSummary incident = incidents(Incidents.Status.OPEN).getFirst();

        db.detection.sees(latency, payHealthy, cart);
        engine.round(minute(2));
        engine.round(minute(3));
        db.detection.sees(latency, payHealthy, cartHealthy);
        engine.round(minute(4));
        assertThat(incidents(Incidents.Status.OPEN)).as("/pay resolved, /cart still firing").hasSize(1);
        assertThat(db.incidents().alerts(db.project.id())).singleElement()
                .satisfies(a -> assertThat(a.seriesKey()).isEqualTo("checkout,/cart"));

        db.detection.sees(latency, payHealthy, cart);
        engine.round(minute(5));
        db.detection.sees(latency, payHealthy, cartHealthy);
        engine.round(minute(6));
        engine.round(minute(7));
        assertThat(incidents(Incidents.Status.OPEN)).as("the breach at minute 5 started the count again").hasSize(1);
        engine.round(minute(8));

        assertThat(incidents(Incidents.Status.OPEN)).isEmpty();
        IncidentSummary resolved = incidents(Incidents.Status.RESOLVED).getFirst();
        assertThat(resolved.id()).isEqualTo(incident.id());
        assertThat(resolved.resolvedAt()).isEqualTo(minute(8));
        assertThat(timelineKinds(incident)).containsExactly("fired", "notified", "fired", "alert-resolved",
                "alert-resolved", "resolved", "notified");
        assertThat(db.keysSentTo(db.slack)).containsExactly("incident-" + incident.id() + "/firing",
                "incident-" + incident.id() + "/resolved");

        db.detection.sees(latency, pay);
        engine.round(minute(9));
        engine.round(minute(10));
        assertThat(incidents(Incidents.Status.OPEN)).as("a new firing after the resolve is a new incident")
                .singleElement().satisfies(i -> assertThat(i.id()).isNotEqualTo(incident.id()));
    }

    @Test
    void aFiringSeriesNotSeenIsHeldAndResolvesAsNoDataAfterADay() {
        Check latency = db.rule("checkout latency", Map.of());
        IncidentEngine engine = db.engine("a");
        db.detection.sees(latency, breaching(latency, "checkout"));
        engine.round(minute(0));
        engine.round(minute(1));

        db.detection.sees(latency);
        for (int m = 2; m < 10; m++) {
            engine.round(minute(m));
        }
        assertThat(incidents(Incidents.Status.OPEN)).hasSize(1);

        engine.round(minute(1).plus(Duration.ofHours(24)));
        IncidentSummary incident = incidents(Incidents.Status.RESOLVED).getFirst();
        var detail = db.incidents().detail(db.project.id(), incident.id()).orElseThrow();
        assertThat(detail.timeline()).filteredOn(e -> e.kind().equals("alert-resolved")).singleElement()
                .satisfies(e -> assertThat(e.detail()).containsEntry("reason", "no-data"));
    }

    @Test
    void anInvestigationIsAskedForOnceWhenAnAlertAtOrAboveTheChecksSeverityFires() {
        Check high = db.rule("checkout latency", Map.of());
        Check low = db.check("rule:low", db.project, "search latency", Optional.of(Severity.HIGH), List.of(), Map.of());
        Check never = db.check("rule:never", db.project, "cart latency", Optional.empty(), List.of(), Map.of());
        db.detection.sees(high, breaching(high, "checkout"));
        db.detection.sees(low, seen(low, "search", null, Verdict.BREACHING, Severity.MEDIUM));
        db.detection.sees(never, seen(never, "cart", null, Verdict.BREACHING, Severity.CRITICAL));
        IncidentEngine engine = db.engine("a");
        db.investigations.refuseNext(1);

        engine.round(minute(0));
        RoundResult firing = engine.round(minute(1));
        assertThat(firing.incidentsOpened()).isEqualTo(3);
        assertThat(db.investigations.requests()).as("refused once").isEmpty();
        engine.round(minute(1).plusSeconds(15));

        assertThat(db.investigations.requests()).singleElement().satisfies(request -> {
            assertThat(request.requestedBy()).isEqualTo("tracehound");
            assertThat(request.incident().service()).isEqualTo("checkout");
            assertThat(request.incident().firing()).singleElement().satisfies(o -> {
                assertThat(o.verdict()).isEqualTo(Verdict.BREACHING);
                assertThat(o.value()).isEqualTo(2310);
                assertThat(o.baseline()).isEqualTo(180);
            });
        });
        engine.round(minute(2));
        db.engine("b").round(minute(3));
        assertThat(db.investigations.requests()).hasSize(1);
    }

    @Test
    void anInvestigationClaimedButNeverAnsweredIsAskedForAgainAfterFiveMinutes() {
        Check latency = db.rule("checkout latency", Map.of());
        db.detection.sees(latency, breaching(latency, "checkout"));
        IncidentEngine engine = db.engine("a");
        engine.round(minute(0));
        engine.round(minute(1));
        // As an instance that crashed after claiming the request leaves it: claimed, no investigation id.
        db.jdbc.sql("UPDATE incidents SET investigation_id = NULL").update();

        engine.round(minute(5));
        assertThat(db.investigations.requests()).hasSize(1);
        engine.round(minute(6).plusSeconds(1));
        assertThat(db.investigations.requests()).hasSize(2);
        engine.round(minute(12));
        assertThat(db.investigations.requests()).as("answered this time").hasSize(2);
    }

    @Test
    void aFailingCheckIsCountedAndTheOthersAreStillEvaluated() {
        Check broken = db.rule("broken", Map.of());
        Check latency = db.rule("checkout latency", Map.of());
        db.detection.failsOn(broken, new IllegalStateException("ClickHouse did not answer (test)"));
        db.detection.sees(latency, breaching(latency, "checkout"));
        IncidentEngine engine = db.engine("a");

        engine.round(minute(0));
        RoundResult result = engine.round(minute(1));

        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.evaluated()).isEqualTo(1);
        assertThat(engine.failedChecks()).isEqualTo(2);
        assertThat(incidents(Incidents.Status.OPEN)).hasSize(1);
    }

    @Test
    void aChecksOwnChannelsGetItsNotifications() {
        Check latency = db.check("rule:own", db.project, "checkout latency", Optional.empty(),
                List.of(db.slack.id()), Map.of());
        db.detection.sees(latency, breaching(latency, "checkout"));
        IncidentEngine engine = db.engine("a");
        engine.round(minute(0));
        engine.round(minute(1));
        db.detection.sees(latency, healthy(latency, "checkout"));
        for (int m = 2; m < 5; m++) {
            engine.round(minute(m));
        }

        assertThat(db.keysSentTo(db.slack)).hasSize(2);
        assertThat(db.keysSentTo(db.hook)).isEmpty();
    }
}
