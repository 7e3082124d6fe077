package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.Aggregation.Attribute;
import dev.tracehound.analytics.query.Aggregation.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batched aggregations against the same aggregations asked one by one, on the same spans: every
 * group and measure equal (no group holds more than the 8192 values below which quantiles are exact).
 */
class BatchedAggregatesIT {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> SERVICES = List.of("checkout", "payments", "search", "cart", "it's");
    private static final List<String> ROUTES = List.of("/pay", "/cart", "/search", "/a'b\\c", "/é");
    private static final List<String> PROVIDERS = List.of("stripe_v2", "stripe_v3", "adyen");

    private static TestClickHouse clickHouse;
    private static AggregateQueries aggregates;
    private static int nextId;

    /** Project a: 3,000 spans over the 30 minutes from T0 with random services, routes, providers, durations, errors. */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        aggregates = new AggregateQueries(clickHouse.clickHouse());
        var random = new Random(7);
        var spans = new ArrayList<SpanRow>();
        for (int i = 0; i < 3_000; i++) {
            String service = SERVICES.get(random.nextInt(SERVICES.size()));
            var attributes = Map.of("http.route", ROUTES.get(random.nextInt(ROUTES.size())),
                    "payment.provider", PROVIDERS.get(random.nextInt(PROVIDERS.size())),
                    "app.amount", Integer.toString(random.nextInt(100)));
            spans.add(span("a", service, random.nextBoolean() ? "GET" : "POST", random.nextInt(30 * 60_000),
                    Duration.ofMillis(1 + random.nextInt(2_000)).toNanos() + random.nextInt(1_000),
                    random.nextInt(10) == 0 ? StatusCode.ERROR : StatusCode.OK, attributes));
        }
        // Another project's spans in the same window, which no aggregation of project a counts.
        for (int i = 0; i < 200; i++) {
            spans.add(span("b", "checkout", "GET", i * 1_000L, Duration.ofSeconds(9).toNanos(), StatusCode.ERROR,
                    Map.of("http.route", "/pay")));
        }
        // Project ties: two groups of two spans each, whose order differs between UTF-16 and UTF-8.
        for (String route : List.of("\uD83D\uDE00", "\uFFFD", "\uD83D\uDE00", "\uFFFD")) {
            spans.add(span("ties", "t", "GET", 1_000, 1_000, StatusCode.OK, Map.of("http.route", route)));
        }
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void everyAggregationGetsWhatItGetsAlone() {
        var windows = List.of(window(0, 5), window(10, 20), window(0, 30));
        var all = new ArrayList<Aggregation>();
        for (SpanFilter window : windows) {
            all.add(Aggregation.of(window));
            for (String service : SERVICES) {
                SpanFilter ofService = window.withService(service);
                all.add(Aggregation.of(ofService));
                all.add(Aggregation.of(ofService.withAttribute(equal("http.route", "/pay"))));
                all.add(Aggregation.of(ofService.withAttribute(equal("http.route", "/a'b\\c"))
                        .withAttribute(equal("payment.provider", "stripe_v3"))));
                all.add(Aggregation.of(ofService.withAttribute(new AttributeFilter(AttributeFilter.Scope.RESOURCE,
                        "service.name", AttributeFilter.Op.EQUALS, service))));
                all.add(Aggregation.of(ofService).groupedBy(Attribute.span("http.route")).top(3));
                all.add(Aggregation.of(ofService).groupedBy(Field.NAME, Attribute.span("payment.provider")));
                // Filtered and grouped by the same attribute: a shape 18.16 once crashed on.
                all.add(Aggregation.of(ofService.withAttribute(equal("http.route", "/pay")))
                        .groupedBy(Attribute.span("http.route")));
            }
            all.add(Aggregation.of(window.withAttribute(new AttributeFilter(AttributeFilter.Scope.RECORD,
                    "payment.provider", AttributeFilter.Op.NOT_EQUALS, "adyen"))).groupedBy(Field.SERVICE_NAME));
            all.add(Aggregation.of(window.withStatus(StatusCode.ERROR).withDurations(Optional.of(Duration.ofMillis(500)),
                    Optional.empty())).groupedBy(Field.SERVICE_NAME).top(2));
            all.add(Aggregation.of(window.withService("nobody")));
            all.add(Aggregation.of(window.withService("nobody")).groupedBy(Field.NAME));
            // The same aggregation twice gets the same answer twice.
            all.add(Aggregation.of(window.withService("checkout")));
            // An attribute's values are asked alone.
            all.add(Aggregation.of(window.withService("cart")).measuring(Attribute.span("app.amount")));
        }

        List<AggregateResult> batched = aggregates.aggregateAll("a", all);

        assertThat(batched).hasSameSizeAs(all);
        for (int i = 0; i < all.size(); i++) {
            AggregateResult alone = aggregates.aggregate("a", all.get(i));
            assertThat(batched.get(i).other()).isEmpty();
            assertThat(batched.get(i).groups()).as("aggregation %d: %s", i, all.get(i)).isEqualTo(alone.groups());
        }
        assertThat(batched.get(1).groups().getFirst().measures().count()).as("checkout's spans of 5 min").isPositive();
    }

    @Test
    void moreFiltersThanOneQueryTakesAreSplitAcrossQueries() {
        SpanFilter window = window(0, 30);
        var all = new ArrayList<Aggregation>();
        for (int amount = 0; amount < BatchedAggregates.MAX_FILTERS_PER_QUERY + 50; amount++) {
            all.add(Aggregation.of(window.withAttribute(equal("app.amount", Integer.toString(amount % 100)))
                    .withAttribute(equal("http.route", ROUTES.get(amount / 100)))));
        }

        List<AggregateResult> batched = aggregates.aggregateAll("a", all);

        for (int i = 0; i < all.size(); i++) {
            assertThat(batched.get(i).groups()).isEqualTo(aggregates.aggregate("a", all.get(i)).groups());
        }
        assertThat(batched.stream().mapToLong(r -> r.groups().getFirst().measures().count()).sum()).isPositive();
    }

    @Test
    void anotherProjectsSpansAreNotCounted() {
        List<AggregateResult> batched = aggregates.aggregateAll("b", List.of(Aggregation.of(window(0, 30)),
                Aggregation.of(window(0, 30).withService("checkout")).groupedBy(Attribute.span("http.route"))));

        assertThat(batched.get(0).groups().getFirst().measures().count()).isEqualTo(200);
        assertThat(batched.get(1).groups()).singleElement().satisfies(g -> {
            assertThat(g.key()).containsExactly("/pay");
            assertThat(g.measures().errors()).isEqualTo(200);
        });
        assertThat(aggregates.aggregateAll("a", List.of())).isEmpty();
    }

    @Test
    void groupsOfEqualCountsAreRankedByTheirBytesAsClickHouseRanksThem() {
        Aggregation top = Aggregation.of(window(0, 30)).groupedBy(Attribute.span("http.route")).top(1);

        AggregateResult batched = aggregates.aggregateAll("ties", List.of(top)).getFirst();

        assertThat(batched.groups()).isEqualTo(aggregates.aggregate("ties", top).groups());
        assertThat(batched.groups()).singleElement().satisfies(g -> assertThat(g.key()).containsExactly("\uFFFD"));
    }

    private static SpanFilter window(int fromMinute, int toMinute) {
        return SpanFilter.in(T0.plus(Duration.ofMinutes(fromMinute)), T0.plus(Duration.ofMinutes(toMinute)));
    }

    private static AttributeFilter equal(String key, String value) {
        return new AttributeFilter(AttributeFilter.Scope.RECORD, key, AttributeFilter.Op.EQUALS, value);
    }

    private static SpanRow span(String project, String service, String name, long offsetMillis, long durationNanos,
            StatusCode status, Map<String, String> attributes) {
        long start = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(offsetMillis).toNanos();
        int id = ++nextId;
        return new SpanRow(project, String.format("%032x", id), String.format("%016x", id), "", "", name,
                SpanKind.SERVER, status,
                "", service, "", "", start, durationNanos, Map.of("service.name", service), attributes, List.of(),
                List.of(), SpanRow.LlmUsage.NONE);
    }
}
