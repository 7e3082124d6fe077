package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanEvent;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceHealthQueriesIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static TestClickHouse clickHouse;
    private static ServiceHealthQueries health;
    private static int nextId;

    /**
     * Project a: checkout has 4 server spans in the ten minutes from T0 (10, 20, 30 and 1000 ms, the
     * last failing with an exception event) and 4 client spans of 5 ms, 3 failing (error.type timeout;
     * a status message starting with a gRPC code; a free-text one, which is no type),
     * and one more server span 20 minutes later; frontend has one span. Project b has one in the window.
     */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        health = new ServiceHealthQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        spans.add(span("a", "checkout", SpanKind.SERVER, "p", 1_000, 10, StatusCode.OK, "", Map.of(), List.of()));
        spans.add(span("a", "checkout", SpanKind.SERVER, "p", 2_000, 20, StatusCode.OK, "", Map.of(), List.of()));
        spans.add(span("a", "checkout", SpanKind.SERVER, "p", 3_000, 30, StatusCode.OK, "", Map.of(), List.of()));
        spans.add(span("a", "checkout", SpanKind.SERVER, "p", 4_000, 1_000, StatusCode.ERROR, "payment failed",
                Map.of("error.type", "ignored: the exception's type comes first"),
                List.of(new SpanEvent(5, "log", Map.of("x", "y")), new SpanEvent(6, "exception",
                        Map.of("exception.message", "m", "exception.type", "dev.shop.PaymentFailedException")))));
        spans.add(span("a", "checkout", SpanKind.CLIENT, "p", 5_000, 5, StatusCode.ERROR, "deadline",
                Map.of("error.type", "timeout"), List.of()));
        spans.add(span("a", "checkout", SpanKind.CLIENT, "p", 6_000, 5, StatusCode.ERROR,
                "order 12345 failed for ab12cd34ef56 (v2)", Map.of(), List.of()));
        spans.add(span("a", "checkout", SpanKind.CLIENT, "p", 7_000, 5, StatusCode.ERROR,
                "DEADLINE_EXCEEDED: payment provider stripe_v3 timed out after 2000 ms", Map.of(), List.of()));
        spans.add(span("a", "checkout", SpanKind.CLIENT, "p", 8_000, 5, StatusCode.OK, "", Map.of(), List.of()));
        spans.add(span("a", "checkout", SpanKind.SERVER, "p", 1_200_000, 50, StatusCode.OK, "", Map.of(), List.of()));
        spans.add(span("a", "frontend", SpanKind.INTERNAL, "", 9_000, 40, StatusCode.OK, "", Map.of(), List.of()));
        spans.add(span("b", "checkout", SpanKind.SERVER, "", 9_000, 9_999, StatusCode.ERROR, "b's", Map.of(), List.of()));
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void aWindowHasEachServicesSpansErrorsP99AndErrorTypes() {
        List<ServiceHealth> services = health.window("a", T0, T0.plus(Duration.ofMinutes(10)));

        assertThat(services).extracting(ServiceHealth::service).containsExactly("checkout", "frontend");
        ServiceHealth checkout = services.getFirst();
        assertThat(checkout.spans()).isEqualTo(8);
        assertThat(checkout.errors()).isEqualTo(4);
        assertThat(checkout.errorRate()).isEqualTo(0.5);
        assertThat(checkout.p99Millis()).as("30 + 0.93 × 970, by linear interpolation").isCloseTo(932.1, within(0.1));
        assertThat(checkout.errorTypes()).containsOnly(Map.entry("dev.shop.PaymentFailedException", 1L),
                Map.entry("timeout", 1L), Map.entry("DEADLINE_EXCEEDED", 1L));
        ServiceHealth frontend = services.get(1);
        assertThat(frontend.spans()).isEqualTo(1);
        assertThat(frontend.errorTypes()).isEmpty();
    }

    @Test
    void aWindowWithoutSpansHasNoServices() {
        assertThat(health.window("a", T0.minus(Duration.ofHours(1)), T0)).isEmpty();
        assertThat(health.window("c", T0, T0.plus(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void aHistoryHasEachServicesBucketsWithSpansAndWhenEachErrorTypeWasFirstSeen() {
        ServiceHistory history = health.history("a", T0.minus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(30)),
                Duration.ofMinutes(10));

        assertThat(history.buckets()).containsOnlyKeys("checkout", "frontend");
        assertThat(history.buckets().get("checkout")).extracting(ServiceHistory.Bucket::start)
                .containsExactly(T0, T0.plus(Duration.ofMinutes(20)));
        ServiceHistory.Bucket first = history.buckets().get("checkout").getFirst();
        assertThat(first.spans()).isEqualTo(8);
        assertThat(first.errorRate()).isEqualTo(0.5);
        assertThat(history.buckets().get("checkout").get(1).p99Millis()).isEqualTo(50.0);
        assertThat(history.firstSeen()).containsOnlyKeys("checkout");
        assertThat(history.firstSeen().get("checkout")).containsOnly(
                Map.entry("dev.shop.PaymentFailedException", T0.plusSeconds(4)),
                Map.entry("timeout", T0.plusSeconds(5)), Map.entry("DEADLINE_EXCEEDED", T0.plusSeconds(7)));
    }

    private static SpanRow span(String project, String service, SpanKind kind, String parent, long offsetMillis,
            long durationMillis, StatusCode status, String message, Map<String, String> attributes,
            List<SpanEvent> events) {
        int id = ++nextId;
        long start = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(offsetMillis).toNanos();
        return new SpanRow(project, String.format("%032x", id), String.format("%016x", id), parent, "", "op", kind,
                status, message, service, "", "", start, Duration.ofMillis(durationMillis).toNanos(), Map.of(),
                attributes, events, List.of(), SpanRow.LlmUsage.NONE);
    }
}
