package dev.tracehound.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.query.BubbleUp;
import dev.tracehound.analytics.query.BubbleUp.Selection;
import dev.tracehound.analytics.query.BubbleUpQueries;
import dev.tracehound.analytics.query.BubbleUpResult;
import dev.tracehound.analytics.query.BubbleUpResult.Dimension;
import dev.tracehound.analytics.query.BubbleUpResult.Source;
import dev.tracehound.analytics.query.SpanFilter;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BubbleUp on the demo incident, as an on-call engineer would use it: the checkout service over
 * the hour around the v2.3.1 deploy, the slow band of its heatmap selected. The answer must be
 * the injected cause: payments through stripe_v3, on checkout 2.3.1.
 */
class BubbleUpOnDemoIncidentIT {

    private static final String PROJECT = "3f6b2d8e-9a1c-4e7b-b5d0-6c2e8f4a1b97";

    private static ThrowawayClickHouse database;
    private static ClickHouse clickHouse;
    private static BubbleUpQueries bubbleUp;
    private static SpanFilter checkoutAroundTheDeploy;
    private static long spans;

    @BeforeAll
    static void generateTheHourAroundTheDeploy() {
        Scenario demo = Scenario.demo(PROJECT, Instant.parse("2025-03-10T21:30:00Z"));
        Instant deploy = demo.incidents().getFirst().startsAt();
        Scenario hour = demo.withWindow(deploy.minus(Duration.ofMinutes(30)), Duration.ofHours(1))
                .withLoad(Load.peakRequestsPerSecond(3));
        database = ThrowawayClickHouse.create();
        clickHouse = database.closing(ClickHouse.connect(ClickHouseSettings.of(database.url(), database.name())));
        new SchemaMigrator(clickHouse).migrate();
        bubbleUp = new BubbleUpQueries(clickHouse);
        var writer = new TelemetryWriter(clickHouse);
        var batch = new ArrayList<SpanRow>();
        new DemoTelemetryGenerator(hour).generate(Sinks.of(span -> {
            batch.add(span);
            if (batch.size() == 20_000) {
                writer.writeSpans(batch);
                spans += batch.size();
                batch.clear();
            }
        }, (LogRow log) -> { }));
        writer.writeSpans(batch);
        spans += batch.size();
        checkoutAroundTheDeploy = SpanFilter.in(hour.windowStart(), hour.windowEnd()).withService("checkout");
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void theSlowCheckoutSpansAreStripeV3PaymentsOnVersion231() {
        long start = System.nanoTime();
        BubbleUpResult result = bubbleUp.bubbleUp(PROJECT,
                BubbleUp.of(checkoutAroundTheDeploy, Selection.slowerThan(Duration.ofSeconds(1))).limitedTo(50, 5));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("BubbleUp on the demo incident (%d spans): %d slow of %d checkout spans in %d ms%n%s%n",
                spans, result.selectionSpans(), result.selectionSpans() + result.baselineSpans(), millis,
                describe(result));

        assertThat(result.selectionSpans()).isGreaterThan(50);
        List<Dimension> top = result.dimensions();
        assertThat(top.subList(0, 2)).extracting(Dimension::key)
                .containsExactlyInAnyOrder("payment.provider", "service.version");
        Dimension provider = dimension(result, "payment.provider");
        assertThat(provider.source()).isEqualTo(Source.SPAN_ATTRIBUTE);
        assertThat(provider.values().getFirst().value()).isEqualTo("stripe_v3");
        assertThat(provider.values().getFirst().selectionShare()).isEqualTo(1.0);
        Dimension version = dimension(result, "service.version");
        assertThat(version.source()).isEqualTo(Source.RESOURCE_ATTRIBUTE);
        assertThat(version.values().getFirst().value()).isEqualTo("2.3.1");
        assertThat(version.values().getFirst().selectionShare()).isEqualTo(1.0);
        assertThat(top.get(1).score()).isGreaterThan(top.get(2).score())
                .isGreaterThan(BubbleUpQueries.NO_DIFFERENCE_BELOW);
        // What merely comes with the slow operations (gRPC calls to port 8080) does not rank.
        assertThat(dimension(result, "rpc.system").score()).isZero();
    }

    @Test
    void theFailedCheckoutSpansLeanToStripeV3On231Too() {
        BubbleUpResult result = bubbleUp.bubbleUp(PROJECT,
                BubbleUp.of(checkoutAroundTheDeploy, Selection.status(StatusCode.ERROR)).limitedTo(50, 5));
        System.out.printf("BubbleUp on the demo incident's checkout errors: %d of %d%n%s%n", result.selectionSpans(),
                result.selectionSpans() + result.baselineSpans(), describe(result));

        Dimension provider = dimension(result, "payment.provider");
        assertThat(provider.values().getFirst().value()).isEqualTo("stripe_v3");
        assertThat(provider.score()).isGreaterThan(BubbleUpQueries.NO_DIFFERENCE_BELOW);
        assertThat(result.dimensions().indexOf(provider)).isLessThan(5);
        Dimension version = dimension(result, "service.version");
        assertThat(version.values().getFirst().value()).isEqualTo("2.3.1");
        assertThat(version.values().getFirst().selectionShare())
                .isGreaterThan(version.values().getFirst().expectedShare());
    }

    private static Dimension dimension(BubbleUpResult result, String key) {
        return result.dimensions().stream().filter(d -> d.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no dimension " + key + " in " + describe(result)));
    }

    private static String describe(BubbleUpResult result) {
        var text = new StringBuilder();
        for (Dimension d : result.dimensions()) {
            BubbleUpResult.Value v = d.values().getFirst();
            text.append(String.format("  %.3f %-18s %-28s %s: %.3f of the selection, %.3f expected, %.3f of the baseline%n",
                    d.score(), d.source(), d.key(), v.value(), v.selectionShare(), v.expectedShare(), v.baselineShare()));
        }
        return text.toString();
    }
}
