package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The second demo incident, in the two hours around it: inventory's reads served by replica-2 slow down. */
class InventoryReplicaIncidentTest {

    private static final Instant END = Instant.parse("2025-03-10T21:30:00Z");

    private record Read(String traceId, String replica, String table, long start, long durationNanos, boolean failed) {
    }

    private static final List<Read> reads = new ArrayList<>();
    private static final List<SpanRow> stockWrites = new ArrayList<>();
    private static final Map<String, SpanRow> frontendRoots = new HashMap<>();
    private static final Map<String, String> inventoryErrorLogs = new HashMap<>();
    private static final Set<String> checkoutVersions = new HashSet<>();
    private static final Set<String> paymentErrorLogs = new HashSet<>();
    private static Scenario scenario;
    private static long startNanos;

    @BeforeAll
    static void generate() {
        Scenario day = Scenario.inventoryReplicaDemo("7c1d9e2a-4b3f-4a6e-8d5c-1e9f0a2b3c4d", END);
        Instant start = day.incidents().getFirst().startsAt();
        startNanos = Conditions.nanos(start);
        scenario = day.withWindow(start.minus(Duration.ofHours(1)), Duration.ofHours(2))
                .withLoad(Load.peakRequestsPerSecond(4));
        new DemoTelemetryGenerator(scenario).generate(Sinks.of(InventoryReplicaIncidentTest::span,
                InventoryReplicaIncidentTest::log));
    }

    private static void span(SpanRow span) {
        switch (span.serviceName()) {
            case "inventory" -> {
                if (span.kind() == SpanKind.CLIENT && "postgresql".equals(span.attributes().get("db.system"))) {
                    if (span.attributes().get("db.operation").equals("SELECT")) {
                        reads.add(new Read(span.traceId(), span.attributes().get("db.replica"),
                                span.attributes().get("db.sql.table"), span.startTimeNanos(), span.durationNanos(),
                                span.statusCode() == StatusCode.ERROR));
                    } else {
                        stockWrites.add(span);
                    }
                }
            }
            case "frontend" -> {
                if (span.isRoot()) {
                    frontendRoots.put(span.traceId(), span);
                }
            }
            case "checkout" -> checkoutVersions.add(span.resourceAttributes().get("service.version"));
            default -> {
            }
        }
    }

    private static void log(LogRow log) {
        if (log.severityText().equals("ERROR") && !log.traceId().isEmpty()) {
            switch (log.serviceName()) {
                case "inventory" -> inventoryErrorLogs.put(log.traceId(), log.body());
                case "payments" -> paymentErrorLogs.add(log.body());
                default -> {
                }
            }
        }
    }

    private static List<Read> reads(String replica, boolean after) {
        return reads.stream().filter(read -> read.replica().equals(replica))
                .filter(read -> (read.start() >= startNanos) == after).toList();
    }

    private static long p50Millis(List<Read> sample) {
        return Sinks.percentile(sample.stream().mapToLong(Read::durationNanos).toArray(), 50) / 1_000_000;
    }

    private static long p99Millis(List<Read> sample) {
        return Sinks.percentile(sample.stream().mapToLong(Read::durationNanos).toArray(), 99) / 1_000_000;
    }

    private static double failureRatio(List<Read> sample) {
        return (double) sample.stream().filter(Read::failed).count() / sample.size();
    }

    @Test
    void inventoryReadsAreSpreadOverThreeReplicasTheWholeWindow() {
        assertThat(reads).allSatisfy(read -> assertThat(read.replica()).isIn("replica-1", "replica-2", "replica-3"));
        assertThat(reads).extracting(Read::table).containsOnly("products", "stock");
        for (String replica : List.of("replica-1", "replica-2", "replica-3")) {
            assertThat((double) reads(replica, false).size() / reads.stream().filter(r -> r.start() < startNanos).count())
                    .as("share of %s before", replica).isBetween(0.28, 0.39);
        }
        // Writes stay on the primary.
        assertThat(stockWrites).isNotEmpty().allSatisfy(write -> {
            assertThat(write.attributes()).doesNotContainKey("db.replica");
            assertThat(write.attributes().get("server.address")).isEqualTo(Calls.POSTGRES_ADDRESS);
        });
    }

    @Test
    void afterTheStartReplica2ReadsAreSlowAndSomeHitTheStatementTimeout() {
        List<Read> after = reads("replica-2", true);
        List<Read> before = reads("replica-2", false);
        System.out.printf("replica incident: replica-2 after: n=%d p50=%d ms p99=%d ms failures=%.2f%%; before: n=%d"
                + " p99=%d ms%n", after.size(), p50Millis(after), p99Millis(after), 100 * failureRatio(after),
                before.size(), p99Millis(before));

        assertThat(after).hasSizeGreaterThan(400);
        assertThat(p50Millis(after)).isBetween(180L, 320L);
        assertThat(p99Millis(after)).isBetween(1_000L, 1_600L);
        assertThat(failureRatio(after)).isBetween(0.025, 0.08);
        assertThat(p99Millis(before)).isLessThan(20L);
        assertThat(failureRatio(before)).isZero();
    }

    @Test
    void theOtherReplicasStayFast() {
        for (String replica : List.of("replica-1", "replica-3")) {
            List<Read> after = reads(replica, true);
            assertThat(p99Millis(after)).as("p99 of %s after", replica).isLessThan(20L);
            assertThat(failureRatio(after)).as("failures of %s after", replica).isZero();
        }
    }

    @Test
    void aTimedOutReadIsLoggedAndFailsTheShoppersRequest() {
        List<Read> failed = reads("replica-2", true).stream().filter(Read::failed).toList();

        assertThat(failed).isNotEmpty().allSatisfy(read -> {
            assertThat(read.durationNanos()).isBetween(1_500_000_000L, 1_600_000_000L);
            assertThat(inventoryErrorLogs.get(read.traceId())).as("inventory ERROR log of trace %s", read.traceId())
                    .contains("from replica-2 failed: ERROR: canceling statement due to statement timeout");
            SpanRow root = frontendRoots.get(read.traceId());
            assertThat(root.statusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(root.attributes().get("http.response.status_code")).isEqualTo("503");
            assertThat(root.attributes().get("http.route")).isIn("/product/{id}", "/cart");
        });
    }

    @Test
    void nothingElseHappens() {
        assertThat(checkoutVersions).containsExactly("2.3.0");
        assertThat(paymentErrorLogs).noneMatch(body -> body.contains("timed out"));
        assertThat(scenario.incidents()).singleElement().isInstanceOfSatisfying(
                Incident.InventoryReplicaSlowsReads.class, incident -> {
                    assertThat(incident.startsAt()).isEqualTo(END.minus(Duration.ofHours(6)));
                    assertThat(incident.description()).contains("replica-2", "1500 ms", "5.0%");
                });
    }

    @Test
    void theDefaultDemoKeepsItsReadsOnThePrimary() {
        Scenario demo = Scenario.demo("p", END);
        Scenario hour = demo.withWindow(demo.incidents().getFirst().startsAt(), Duration.ofMinutes(10))
                .withLoad(Load.peakRequestsPerSecond(2));
        List<SpanRow> selects = new ArrayList<>();
        new DemoTelemetryGenerator(hour).generate(Sinks.of(span -> {
            if ("SELECT".equals(span.attributes().get("db.operation")) && span.serviceName().equals("inventory")) {
                selects.add(span);
            }
        }, log -> { }));

        assertThat(selects).isNotEmpty().allSatisfy(select -> {
            assertThat(select.attributes()).doesNotContainKey("db.replica");
            assertThat(select.attributes().get("server.address")).isEqualTo(Calls.POSTGRES_ADDRESS);
        });
    }

    @Test
    void aSlowReplicaMustBeOneOfTheReplicas() {
        assertThatThrownBy(() -> new Incident.InventoryReplicaSlowsReads(END, List.of("replica-1"), "replica-9",
                Duration.ofMillis(200), Duration.ofMillis(900), Duration.ofMillis(1500), 0.05))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replica-9");
        assertThatThrownBy(() -> new Incident.InventoryReplicaSlowsReads(END, List.of("replica-1"), "replica-1",
                Duration.ofMillis(200), Duration.ofMillis(900), Duration.ofMillis(800), 0.05))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
