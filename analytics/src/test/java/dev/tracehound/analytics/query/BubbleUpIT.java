package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.AttributeFilter.Op;
import dev.tracehound.analytics.query.AttributeFilter.Scope;
import dev.tracehound.analytics.query.BubbleUp.Selection;
import dev.tracehound.analytics.query.BubbleUpResult.Dimension;
import dev.tracehound.analytics.query.BubbleUpResult.Kind;
import dev.tracehound.analytics.query.BubbleUpResult.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BubbleUpIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final SpanFilter HOUR = SpanFilter.in(T0, T0.plus(Duration.ofHours(1)));
    private static final SpanFilter CHECKOUT = HOUR.withService("checkout");
    private static final Selection SLOW = Selection.slowerThan(Duration.ofSeconds(1));

    private static TestClickHouse clickHouse;
    private static BubbleUpQueries bubbleUp;

    /**
     * Project a: 200 "charge" spans and 200 "INSERT orders" spans of checkout, one every 8 s.
     * The 40 slow charges (n 0..39) all went through stripe_v3 on 2.3.1; 10 of them failed.
     * Of the 160 fast charges, 40 used stripe_v3 and 120 adyen; 60 ran 2.3.1 (40 stripe_v3).
     * Of the 200 inserts, 50 ran 2.3.1. Every span has a unique order.id and an order.total
     * of 10 + n % 30. Project b has spans in the same window that a must never count.
     */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        bubbleUp = new BubbleUpQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        for (int n = 0; n < 200; n++) {
            boolean slow = n < 40;
            String provider = n < 80 ? "stripe_v3" : "adyen";
            String version = n < 100 ? "2.3.1" : "2.3.0";
            spans.add(span("a", n, "checkout", "charge", slow ? 2_000 : 100, n < 10 ? StatusCode.ERROR : StatusCode.UNSET,
                    Map.of("payment.provider", provider, "order.id", "o-" + n, "order.total", Integer.toString(10 + n % 30)),
                    version));
        }
        for (int n = 200; n < 400; n++) {
            spans.add(span("a", n, "checkout", "INSERT orders", 5, StatusCode.UNSET,
                    Map.of("db.system", "postgresql", "order.id", "o-" + n, "order.total", Integer.toString(10 + n % 30)),
                    n < 250 ? "2.3.1" : "2.3.0"));
        }
        for (int n = 0; n < 100; n++) {
            spans.add(span("b", n, "checkout", "charge", n < 50 ? 5_000 : 100, StatusCode.ERROR,
                    Map.of("payment.provider", "evil_b"), "9.9.9"));
        }
        spans.addAll(steadyTraffic());
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void theSlowSpansAreExplainedByTheirProviderThenTheirVersion() {
        BubbleUpResult result = bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, SLOW).limitedTo(50, 20));

        assertThat(result.selectionSpans()).isEqualTo(40);
        assertThat(result.baselineSpans()).isEqualTo(360);
        assertThat(result.sampled()).isFalse();
        assertThat(result.dimensions()).extracting(Dimension::key).startsWith("payment.provider", "service.version",
                "span_name");

        Dimension provider = result.dimensions().get(0);
        assertThat(provider.source()).isEqualTo(Source.SPAN_ATTRIBUTE);
        BubbleUpResult.Value stripe = provider.values().getFirst();
        assertThat(stripe.value()).isEqualTo("stripe_v3");
        assertThat(stripe.kind()).isEqualTo(Kind.VALUE);
        assertThat(stripe.selectionCount()).isEqualTo(40);
        assertThat(stripe.baselineCount()).isEqualTo(40);
        assertThat(stripe.selectionShare()).isEqualTo(1.0);
        assertThat(stripe.baselineShare()).isCloseTo(40.0 / 360, within(1e-12));
        // Compared with the baseline's charges only: 40 of 160 used stripe_v3.
        assertThat(stripe.expectedShare()).isCloseTo(0.25, within(1e-12));
        assertThat(stripe.score()).isCloseTo(documentedScore(40, 40, 0.25, 160), within(1e-9));
        assertThat(provider.score()).isEqualTo(stripe.score()).isCloseTo(0.6255, within(1e-3));
        assertThat(provider.values()).extracting(BubbleUpResult.Value::value)
                .containsExactly("stripe_v3", "adyen", "(none)");
        assertThat(provider.values().get(1).expectedShare()).isCloseTo(0.75, within(1e-12));
        // The 200 inserts have no provider; but no charge lacks one, so none is expected either.
        assertThat(provider.values().get(2).baselineCount()).isEqualTo(200);
        assertThat(provider.values().get(2).expectedShare()).isCloseTo(0.0, within(1e-12));

        Dimension version = result.dimensions().get(1);
        assertThat(version.source()).isEqualTo(Source.RESOURCE_ATTRIBUTE);
        BubbleUpResult.Value v231 = version.values().getFirst();
        assertThat(v231.value()).isEqualTo("2.3.1");
        assertThat(v231.selectionCount()).isEqualTo(40);
        assertThat(v231.baselineCount()).isEqualTo(60 + 50);
        assertThat(v231.expectedShare()).isCloseTo(60.0 / 160, within(1e-12));
        assertThat(version.score()).isCloseTo(documentedScore(40, 40, 60.0 / 160, 160), within(1e-9));

        // The operation itself is compared plainly, with the whole baseline.
        Dimension spanName = result.dimensions().get(2);
        assertThat(spanName.source()).isEqualTo(Source.FIELD);
        assertThat(spanName.values().getFirst().value()).isEqualTo("charge");
        assertThat(spanName.values().getFirst().expectedShare()).isCloseTo(160.0 / 360, within(1e-12));
        assertThat(spanName.score()).isCloseTo(documentedScore(40, 40, 160.0 / 360, 360), within(1e-9));
    }

    @Test
    void attributesThatComeWithTheOperationDoNotStandOut() {
        Dimension dbSystem = dimension(bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, SLOW).limitedTo(50, 20)), "db.system");

        BubbleUpResult.Value none = dbSystem.values().stream().filter(v -> v.kind() == Kind.MISSING).findFirst()
                .orElseThrow();
        assertThat(none.value()).isEqualTo("(none)");
        assertThat(none.selectionCount()).isEqualTo(40);
        assertThat(none.baselineCount()).isEqualTo(160);
        assertThat(none.baselineShare()).isCloseTo(160.0 / 360, within(1e-12));
        // No charge has db.system, slow or fast: compared like with like, nothing differs.
        assertThat(none.expectedShare()).isCloseTo(1.0, within(1e-12));
        assertThat(dbSystem.score()).isZero();
    }

    @Test
    void numbersAreBucketedAndIdsCollapseIntoOther() {
        BubbleUpResult result = bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, SLOW).limitedTo(50, 20));

        Dimension total = dimension(result, "order.total");
        assertThat(total.values()).extracting(BubbleUpResult.Value::value).containsExactlyInAnyOrder("[10, 20)",
                "[20, 50)");
        assertThat(total.values()).allSatisfy(v -> assertThat(v.kind()).isEqualTo(Kind.RANGE));
        assertThat(value(total, "[10, 20)").selectionCount()).isEqualTo(20);
        assertThat(value(total, "[10, 20)").baselineCount()).isEqualTo(120);
        assertThat(value(total, "[20, 50)").selectionCount()).isEqualTo(20);
        assertThat(value(total, "[20, 50)").baselineCount()).isEqualTo(240);
        // Among the baseline's charges (n 40..199), 50 have a total under 20.
        assertThat(value(total, "[10, 20)").expectedShare()).isCloseTo(50.0 / 160, within(1e-12));
        assertThat(total.score()).isZero();

        // 400 unique ids: the 20 most common of each set are kept, the rest are one value.
        Dimension ids = dimension(result, "order.id");
        BubbleUpResult.Value other = ids.values().stream().filter(v -> v.kind() == Kind.OTHER).findFirst().orElseThrow();
        assertThat(other.value()).isEqualTo("(other)");
        assertThat(other.selectionCount()).isEqualTo(20);
        assertThat(other.baselineCount()).isEqualTo(340);
        assertThat(ids.score()).isZero();

        assertThat(result.dimensions()).extracting(Dimension::key).doesNotContain("duration")
                .contains("status", "kind", "service", "scope");
    }

    @Test
    void aRegionOfTheHeatmapAndTheErrorsAreSelectionsToo() {
        BubbleUpResult region = bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT,
                Selection.region(T0, T0.plusSeconds(160), Duration.ofSeconds(1), Duration.ofSeconds(3))));
        assertThat(region.selectionSpans()).isEqualTo(20);
        assertThat(region.baselineSpans()).isEqualTo(380);
        assertThat(region.dimensions().getFirst().key()).isEqualTo("payment.provider");

        BubbleUpResult errors = bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, Selection.status(StatusCode.ERROR)).limitedTo(50, 5));
        assertThat(errors.selectionSpans()).isEqualTo(10);
        assertThat(errors.baselineSpans()).isEqualTo(390);
        assertThat(errors.dimensions()).extracting(Dimension::key).doesNotContain("status").contains("duration");
        Dimension provider = dimension(errors, "payment.provider");
        // Against the 190 other charges, of which 70 used stripe_v3.
        assertThat(provider.values().getFirst().value()).isEqualTo("stripe_v3");
        assertThat(provider.values().getFirst().expectedShare()).isCloseTo(70.0 / 190, within(1e-12));
        assertThat(provider.score()).isCloseTo(documentedScore(10, 10, 70.0 / 190, 190), within(1e-9));
        assertThat(errors.dimensions().getFirst().key()).isIn("payment.provider", "duration", "service.version");
    }

    @Test
    void aSelectionThatDiffersByNothingRanksNothing() {
        SpanFilter steady = HOUR.withService("steady");
        var selections = Map.of(
                "a time slice", Selection.region(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofMinutes(40)),
                        Duration.ZERO, Duration.ofHours(1)),
                "a coin toss", Selection.attribute(new AttributeFilter(Scope.RECORD, "coin", Op.EQUALS, "heads")),
                "the slowest tenth", Selection.slowerThan(Duration.ofMillis(900)),
                "the errors", Selection.status(StatusCode.ERROR));
        for (var selection : selections.entrySet()) {
            BubbleUpResult result = bubbleUp.bubbleUp("a", BubbleUp.of(steady, selection.getValue()).limitedTo(50, 5));
            assertThat(result.selectionSpans()).as(selection.getKey()).isGreaterThan(60);
            assertThat(result.dimensionsCompared()).as(selection.getKey()).isGreaterThanOrEqualTo(10);
            assertThat(result.dimensions()).as(selection.getKey()).allSatisfy(d -> assertThat(d.score())
                    .as("%s: %s", selection.getKey(), d.key()).isLessThan(BubbleUpQueries.NO_DIFFERENCE_BELOW));
        }
    }

    @Test
    void anotherProjectsSpansAreNeverCounted() {
        BubbleUpResult a = bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, SLOW).limitedTo(50, 20));
        assertThat(a.selectionSpans()).isEqualTo(40);
        assertThat(a.baselineSpans()).isEqualTo(360);
        assertThat(a.dimensions()).flatExtracting(Dimension::values).extracting(BubbleUpResult.Value::value)
                .doesNotContain("evil_b", "9.9.9");

        BubbleUpResult b = bubbleUp.bubbleUp("b", BubbleUp.of(HOUR, SLOW));
        assertThat(b.selectionSpans()).isEqualTo(50);
        assertThat(b.baselineSpans()).isEqualTo(50);
        assertThat(b.dimensions()).flatExtracting(Dimension::values).extracting(BubbleUpResult.Value::value)
                .doesNotContain("stripe_v3", "adyen", "2.3.1");
    }

    @Test
    void noValueBecomesSql() {
        String hostile = "x') OR 1=1 --";
        String quote = "it's \\' \" \0other";
        for (String value : List.of(hostile, quote)) {
            var byAttribute = Selection.attribute(new AttributeFilter(Scope.RECORD, value, Op.EQUALS, value));
            assertThat(bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, byAttribute)).selectionSpans()).isZero();
            var byProvider = Selection.attribute(new AttributeFilter(Scope.RECORD, "payment.provider", Op.CONTAINS, value));
            assertThat(bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT, byProvider)).selectionSpans()).isZero();
            BubbleUpResult hostileBase = bubbleUp.bubbleUp("a", BubbleUp.of(HOUR.withService(value), SLOW));
            assertThat(hostileBase.selectionSpans()).isZero();
            assertThat(hostileBase.baselineSpans()).isZero();
            assertThat(bubbleUp.bubbleUp(value, BubbleUp.of(HOUR, SLOW)).selectionSpans()).isZero();
            // Through every statement: the selection holds the 40 slow spans whatever the value.
            BubbleUpResult slow = bubbleUp.bubbleUp("a", BubbleUp.of(CHECKOUT,
                    SLOW.withAttribute(new AttributeFilter(Scope.RESOURCE, value, Op.NOT_EQUALS, value))));
            assertThat(slow.selectionSpans()).isEqualTo(40);
            assertThat(slow.dimensions().getFirst().key()).isEqualTo("payment.provider");
        }
        // Odd span names and values reach the statements as bound values (the operations' weights).
        BubbleUpResult odd = bubbleUp.bubbleUp("odd", BubbleUp.of(HOUR, SLOW).limitedTo(50, 5));
        assertThat(odd.selectionSpans()).isEqualTo(40);
        assertThat(odd.baselineSpans()).isEqualTo(40);
        assertThat(dimension(odd, "span_name").values().getFirst().value()).isEqualTo(quote);
        assertThat(odd.dimensions().getFirst().key()).isEqualTo("tenant");
        assertThat(odd.dimensions().getFirst().values().getFirst().value()).isEqualTo(hostile);
        assertThat(odd.dimensions().getFirst().values().getFirst().expectedShare()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void manyOperationsEachTooSmallToCompareAloneAreComparedWithTheWholeBaseline() {
        BubbleUpResult result = bubbleUp.bubbleUp("many", BubbleUp.of(HOUR, SLOW).limitedTo(50, 5));

        assertThat(result.selectionSpans()).isEqualTo(30);
        assertThat(result.baselineSpans()).isEqualTo(220);
        BubbleUpResult.Value cold = dimension(result, "cache").values().getFirst();
        assertThat(cold.value()).isEqualTo("cold");
        assertThat(cold.selectionShare()).isEqualTo(1.0);
        assertThat(cold.expectedShare()).isCloseTo(22.0 / 220, within(1e-12)).isEqualTo(cold.baselineShare());
        assertThat(dimension(result, "cache").score()).isCloseTo(documentedScore(30, 30, 0.1, 220), within(1e-9));
    }

    @Test
    void badQuestionsAreRefusedWithWhatToChange() {
        assertThatThrownBy(() -> new Selection(null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the selection is empty");
        assertThatThrownBy(() -> BubbleUp.of(HOUR, Selection.region(T0.minus(Duration.ofHours(2)),
                T0.minus(Duration.ofHours(1)), Duration.ZERO, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the base window");
        assertThatThrownBy(() -> Selection.region(T0, T0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time range is empty");
        assertThatThrownBy(() -> Selection.region(T0, T0.plusSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minDuration is above");
        assertThatThrownBy(() -> BubbleUp.of(HOUR, SLOW).limitedTo(0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions must be 1 to 50");
        assertThatThrownBy(() -> bubbleUp.bubbleUp("a",
                BubbleUp.of(CHECKOUT, Selection.slowerThan(Duration.ZERO))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds all 400 spans")
                .hasMessageContaining("widen the base");
        BubbleUpResult nothing = bubbleUp.bubbleUp("a", BubbleUp.of(HOUR, Selection.slowerThan(Duration.ofHours(1))));
        assertThat(nothing.selectionSpans()).isZero();
        assertThat(nothing.baselineSpans()).isEqualTo(400 + 3_000);
        assertThat(nothing.dimensions()).isEmpty();
    }

    /** The score as BubbleUpQueries documents it: excess over the expected share less three standard errors. */
    private static double documentedScore(long selected, long selectionSize, double expected, double baselineSize) {
        double pSel = (selected + 1.0) / (selectionSize + 2.0);
        double pExp = (expected * baselineSize + 1.0) / (baselineSize + 2.0);
        double se = Math.sqrt(pSel * (1 - pSel) / (selectionSize + 2.0) + pExp * (1 - pExp) / (baselineSize + 2.0));
        return Math.max(0, (double) selected / selectionSize - expected - 3 * se);
    }

    private static Dimension dimension(BubbleUpResult result, String key) {
        return result.dimensions().stream().filter(d -> d.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no dimension " + key + " in "
                        + result.dimensions().stream().map(Dimension::key).toList()));
    }

    private static BubbleUpResult.Value value(Dimension dimension, String value) {
        return dimension.values().stream().filter(v -> v.value().equals(value)).findFirst().orElseThrow();
    }

    /**
     * Service "steady" of project a: 3,000 spans over the hour whose every attribute, status and
     * duration is drawn independently of the others and of time, so no selection differs. And
     * project "odd": span names and values made of quotes and SQL.
     */
    private static List<SpanRow> steadyTraffic() {
        var random = new Random(42);
        var spans = new ArrayList<SpanRow>();
        String[] operations = {"GET /", "GET /cart", "POST /cart"};
        String[] providers = {"stripe_v3", "stripe_v2", "adyen", "paypal"};
        String[] regions = {"eu", "us", "ap"};
        for (int n = 0; n < 3_000; n++) {
            var attributes = new HashMap<String, String>();
            attributes.put("payment.provider", providers[random.nextInt(providers.length)]);
            attributes.put("region", regions[random.nextInt(regions.length)]);
            attributes.put("coin", random.nextBoolean() ? "heads" : "tails");
            attributes.put("cart.size", Integer.toString(1 + random.nextInt(9)));
            attributes.put("amount", Integer.toString(1 + random.nextInt(1_000)));
            attributes.put("user.id", "u-" + random.nextInt(500));
            if (random.nextInt(4) == 0) {
                attributes.put("cache.hit", random.nextBoolean() ? "true" : "false");
            }
            long startMs = n * 1_200L + random.nextInt(1_000);
            long durationMs = random.nextInt(10) == 0 ? 900 + random.nextInt(500) : 10 + random.nextInt(800);
            StatusCode status = random.nextInt(30) == 0 ? StatusCode.ERROR : StatusCode.UNSET;
            spans.add(span("a", 10_000 + n, startMs, "steady", operations[random.nextInt(operations.length)],
                    durationMs, status, attributes, random.nextBoolean() ? "1.0.0" : "1.0.1"));
        }
        String quote = "it's \\' \" \0other";
        for (int n = 0; n < 80; n++) {
            spans.add(span("odd", n, "odd", quote, n < 40 ? 2_000 : 10, StatusCode.UNSET,
                    Map.of("tenant", n < 40 ? "x') OR 1=1 --" : "plain"), "1"));
        }
        // Project "many": 250 operations of one span each, more than BubbleUp weighs one by one.
        for (int n = 0; n < 250; n++) {
            spans.add(span("many", n, "many", "op " + n, n < 30 ? 3_000 : 10, StatusCode.UNSET,
                    Map.of("cache", n < 30 || n % 10 == 0 ? "cold" : "warm"), "1"));
        }
        return spans;
    }

    private static SpanRow span(String project, int n, String service, String name, long durationMs,
            StatusCode status, Map<String, String> attributes, String version) {
        return span(project, n, n * 8_000L, service, name, durationMs, status, attributes, version);
    }

    private static SpanRow span(String project, int n, long startMs, String service, String name, long durationMs,
            StatusCode status, Map<String, String> attributes, String version) {
        long start = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(startMs).toNanos();
        return new SpanRow(project, String.format("%032x", n + 1), String.format("%016x", n + 1), "", "", name,
                SpanKind.CLIENT, status, "", service, "io.opentelemetry.grpc", "1.0", start,
                Duration.ofMillis(durationMs).toNanos(), Map.of("service.name", service, "service.version", version),
                attributes, List.of(), List.of(), SpanRow.LlmUsage.NONE);
    }
}
