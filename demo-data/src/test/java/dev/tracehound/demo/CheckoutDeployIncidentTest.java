package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default demo incident, measured over about 1.5 million spans. */
class CheckoutDeployIncidentTest {

    private static final String CHARGE = "shop.PaymentService/Charge";
    private static final String PLACE_ORDER = "shop.CheckoutService/PlaceOrder";

    private record Charge(String traceId, String provider, long start, long durationNanos, boolean failed) {
    }

    private static final List<Charge> charges = new ArrayList<>();
    private static final Map<String, SpanRow> checkoutRoots = new HashMap<>();
    private static final Map<String, StatusCode> placeOrderStatus = new HashMap<>();
    private static final Map<String, String> paymentsErrorLogs = new HashMap<>();
    private static final Map<String, Set<String>> checkoutPodsByVersion = new HashMap<>();
    private static final List<String> versionProblems = new ArrayList<>();
    private static final Set<String> versionsInLogs = new HashSet<>();
    private static Scenario scenario;
    private static GenerationSummary summary;
    private static long deployNanos;

    @BeforeAll
    static void generate() {
        scenario = Scenario.demo("3f6b2d8e-9a1c-4e7b-b5d0-6c2e8f4a1b97", Instant.parse("2025-03-10T21:30:00Z"))
                .withLoad(Load.targetSpans(1_500_000));
        Instant deploy = scenario.incidents().getFirst().startsAt();
        deployNanos = deploy.getEpochSecond() * 1_000_000_000L + deploy.getNano();
        summary = new DemoTelemetryGenerator(scenario).generate(Sinks.of(CheckoutDeployIncidentTest::span,
                CheckoutDeployIncidentTest::log));
    }

    private static void span(SpanRow span) {
        switch (span.serviceName()) {
            case "frontend" -> {
                if (span.isRoot() && span.name().equals("POST /checkout")) {
                    checkoutRoots.put(span.traceId(), span);
                }
            }
            case "payments" -> {
                if (span.kind() == SpanKind.SERVER && span.name().equals(CHARGE)) {
                    charges.add(new Charge(span.traceId(), span.attributes().get("payment.provider"), span.startTimeNanos(),
                            span.durationNanos(), span.statusCode() == StatusCode.ERROR));
                }
            }
            case "checkout" -> {
                String version = span.resourceAttributes().get("service.version");
                checkoutPodsByVersion.computeIfAbsent(version, v -> new HashSet<>())
                        .add(span.resourceAttributes().get("k8s.pod.name"));
                if (span.kind() == SpanKind.SERVER) {
                    placeOrderStatus.put(span.traceId(), span.statusCode());
                    boolean afterDeploy = span.startTimeNanos() >= deployNanos;
                    if (!version.equals(afterDeploy ? "2.3.1" : "2.3.0")) {
                        versionProblems.add(version + " serving a request at " + span.startTimeNanos());
                    }
                    if (span.attributes().get("payment.provider") == null) {
                        versionProblems.add("checkout span without payment.provider");
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void log(LogRow log) {
        if (log.serviceName().equals("payments") && log.severityText().equals("ERROR") && !log.traceId().isEmpty()) {
            paymentsErrorLogs.put(log.traceId(), log.body());
        }
        if (log.serviceName().equals("checkout")) {
            String version = log.resourceAttributes().get("service.version");
            versionsInLogs.add(version);
            if (version.equals("2.3.1") && log.timeNanos() < deployNanos) {
                versionProblems.add("checkout 2.3.1 logged before the deploy: " + log.body());
            }
        }
    }

    private static List<Charge> stripeV3(boolean afterDeploy) {
        return charges(true, afterDeploy);
    }

    private static List<Charge> otherProviders(boolean afterDeploy) {
        return charges(false, afterDeploy);
    }

    private static List<Charge> charges(boolean stripeV3, boolean afterDeploy) {
        return charges.stream()
                .filter(charge -> charge.provider().equals("stripe_v3") == stripeV3)
                .filter(charge -> (charge.start() >= deployNanos) == afterDeploy)
                .toList();
    }

    private static long p99Millis(List<Charge> sample) {
        return Sinks.percentile(sample.stream().mapToLong(Charge::durationNanos).toArray(), 99) / 1_000_000;
    }

    private static double failureRatio(List<Charge> sample) {
        return (double) sample.stream().filter(Charge::failed).count() / sample.size();
    }

    @Test
    void afterTheDeployStripeV3PaymentsAreSlowAndEightPercentFail() {
        List<Charge> after = stripeV3(true);
        System.out.printf("incident: %d spans; stripe_v3 after deploy: n=%d p50=%d ms p99=%d ms failures=%.2f%%%n",
                summary.spans(), after.size(),
                Sinks.percentile(after.stream().mapToLong(Charge::durationNanos).toArray(), 50) / 1_000_000,
                p99Millis(after), 100 * failureRatio(after));

        assertThat(after).hasSizeGreaterThan(800);
        assertThat(p99Millis(after)).isBetween(1_500L, 2_500L);
        assertThat(failureRatio(after)).isBetween(0.055, 0.105);
    }

    @Test
    void everyTimedOutChargeIsLoggedAndFailsTheWholeRequest() {
        List<Charge> failed = stripeV3(true).stream().filter(Charge::failed).toList();

        assertThat(failed).isNotEmpty().allSatisfy(charge -> {
            assertThat(paymentsErrorLogs.get(charge.traceId())).as("payments ERROR log of trace %s", charge.traceId())
                    .isNotNull().containsAnyOf("stripe_v3 timed out after 2000 ms", "returned 503");
            assertThat(placeOrderStatus.get(charge.traceId())).isEqualTo(StatusCode.ERROR);
            SpanRow root = checkoutRoots.get(charge.traceId());
            assertThat(root.statusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(Integer.parseInt(root.attributes().get("http.response.status_code"))).isBetween(500, 599);
        });
        long timeouts = paymentsErrorLogs.values().stream().filter(body -> body.contains("timed out")).count();
        assertThat(timeouts).isGreaterThan(failed.size() * 9L / 10);
    }

    @Test
    void beforeTheDeployStripeV3BehavesLikeTheOthers() {
        List<Charge> before = stripeV3(false);
        System.out.printf("incident: stripe_v3 before deploy: n=%d p99=%d ms failures=%.2f%%%n",
                before.size(), p99Millis(before), 100 * failureRatio(before));

        assertThat(before).hasSizeGreaterThan(2_000);
        assertThat(p99Millis(before)).isBetween(120L, 400L);
        assertThat(failureRatio(before)).isLessThan(0.015);
    }

    @Test
    void otherProvidersAreUnaffectedByTheDeploy() {
        List<Charge> after = otherProviders(true);
        List<Charge> before = otherProviders(false);
        System.out.printf("incident: other providers after deploy: n=%d p99=%d ms failures=%.2f%%; before: p99=%d ms%n",
                after.size(), p99Millis(after), 100 * failureRatio(after), p99Millis(before));

        assertThat(p99Millis(after)).isLessThan(400L);
        assertThat(failureRatio(after)).isLessThan(0.015);
        assertThat(Math.abs(p99Millis(after) - p99Millis(before))).isLessThan(60L);
    }

    @Test
    void checkoutRuns231OnNewPodsOnlyAfterTheDeploy() {
        assertThat(versionProblems).as("first: %s", versionProblems.stream().limit(3).toList()).isEmpty();
        assertThat(checkoutPodsByVersion).containsOnlyKeys("2.3.0", "2.3.1");
        assertThat(checkoutPodsByVersion.get("2.3.1")).doesNotContainAnyElementsOf(checkoutPodsByVersion.get("2.3.0"));
        assertThat(versionsInLogs).containsExactlyInAnyOrder("2.3.0", "2.3.1");
    }

    @Test
    void theSummaryNamesTheIncidentAtThreeQuartersOfTheWindow() {
        assertThat(summary.incidentStarts()).containsExactly(scenario.at(0.75));
        assertThat(summary.windowStart()).isEqualTo(scenario.windowStart());
        assertThat(summary.windowEnd()).isEqualTo(Instant.parse("2025-03-10T21:30:00Z"));
        assertThat(summary.failedRequests()).isPositive();
    }
}
