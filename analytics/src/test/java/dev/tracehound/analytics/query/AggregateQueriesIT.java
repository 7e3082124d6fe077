package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.AggregateResult.Group;
import dev.tracehound.analytics.query.AggregateResult.Measures;
import dev.tracehound.analytics.query.AggregateResult.Quantiles;
import dev.tracehound.analytics.query.AggregateResult.Values;
import dev.tracehound.analytics.query.Aggregation.Attribute;
import dev.tracehound.analytics.query.Aggregation.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AggregateQueriesIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final SpanFilter WINDOW = SpanFilter.in(T0, T0.plus(Duration.ofMinutes(10)));
    private static final int BIG = 20_000;

    private static TestClickHouse clickHouse;
    private static AggregateQueries aggregates;
    private static long seeded;
    private static int nextId;

    /**
     * Project a, in the ten minutes from T0 (durations in ms, offsets in s):
     * frontend 10@1 20@2 30@6 40@61 100@62(ERROR), http.status_code 200 ×4 and 500;
     * payments 5@3(ERROR) 15@4(ERROR) 25@65 35@125, stripe_v3 for the errors, stripe_v2 else,
     * http.status_code "abc", "", "NaN", "inf" (none a finite number);
     * search 7@300 without attributes; auth 3@599 with http.status_code "1e2".
     */
    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        aggregates = new AggregateQueries(clickHouse.clickHouse());
        var spans = new ArrayList<SpanRow>();
        spans.add(span("a", "frontend", "GET /checkout", 1_000, ms(10), StatusCode.OK, Map.of("http.status_code", "200"), "2.3.0"));
        spans.add(span("a", "frontend", "GET /checkout", 2_000, ms(20), StatusCode.OK, Map.of("http.status_code", "200"), "2.3.0"));
        spans.add(span("a", "frontend", "GET /checkout", 6_000, ms(30), StatusCode.OK, Map.of("http.status_code", "200"), "2.3.0"));
        spans.add(span("a", "frontend", "GET /checkout", 61_000, ms(40), StatusCode.OK, Map.of("http.status_code", "200"), "2.3.0"));
        spans.add(span("a", "frontend", "GET /checkout", 62_000, ms(100), StatusCode.ERROR, Map.of("http.status_code", "500"), "2.3.0"));
        spans.add(span("a", "payments", "charge", 3_000, ms(5), StatusCode.ERROR,
                Map.of("payment.provider", "stripe_v3", "http.status_code", "abc"), "2.3.1"));
        spans.add(span("a", "payments", "charge", 4_000, ms(15), StatusCode.ERROR,
                Map.of("payment.provider", "stripe_v3", "http.status_code", ""), "2.3.1"));
        spans.add(span("a", "payments", "charge", 65_000, ms(25), StatusCode.OK,
                Map.of("payment.provider", "stripe_v2", "http.status_code", "NaN"), "2.3.0"));
        spans.add(span("a", "payments", "charge", 125_000, ms(35), StatusCode.OK,
                Map.of("payment.provider", "stripe_v2", "http.status_code", "inf"), "2.3.0"));
        spans.add(span("a", "search", "query", 300_000, ms(7), StatusCode.OK, Map.of(), "2.3.0"));
        spans.add(span("a", "auth", "login", 599_000, ms(3), StatusCode.OK, Map.of("http.status_code", "1e2"), "2.3.0"));
        // Outside the window.
        spans.add(span("a", "frontend", "GET /checkout", 1_200_000, ms(999), StatusCode.ERROR, Map.of(), "2.3.0"));
        // Project b, in the same window.
        spans.add(span("b", "frontend", "GET /checkout", 1_000, ms(5_000), StatusCode.ERROR,
                Map.of("http.status_code", "503"), "9.9"));
        spans.add(span("b", "secret", "vault", 2_000, ms(1), StatusCode.OK, Map.of("payment.provider", "leak"), "9.9"));
        // Project edges: durations at the heatmap's row bounds.
        for (long nanos : new long[] {0, 1023, 1024, 2047, 2048, (1L << 20) - 1, 1L << 20, (1L << 50) - 1, 1L << 50}) {
            spans.add(span("edges", "e", "e", 1_000, nanos, StatusCode.OK, Map.of(), "1"));
        }
        // Project big: durations 1..20000 µs, more than the quantile reservoir holds.
        for (int i = 1; i <= BIG; i++) {
            spans.add(span("big", "b", "b", i, Duration.ofNanos(i * 1_000L).toNanos(), StatusCode.OK, Map.of(), "1"));
        }
        new TelemetryWriter(clickHouse.clickHouse()).writeSpans(spans);
        seeded = spans.size();
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void theWindowsSpansMeasuredOverall() {
        AggregateResult result = aggregates.aggregate("a", Aggregation.of(WINDOW));

        assertThat(result.other()).isEmpty();
        Group all = result.groups().getFirst();
        assertThat(result.groups()).hasSize(1);
        assertThat(all.key()).isEmpty();
        assertThat(all.measures().count()).isEqualTo(11);
        assertThat(all.measures().errors()).isEqualTo(3);
        assertThat(all.measures().errorRate()).isEqualTo(3.0 / 11);
        Values values = all.measures().values().orElseThrow();
        assertThat(values.count()).isEqualTo(11);
        assertThat(values.min()).isEqualTo(ms(3));
        assertThat(values.max()).isEqualTo(ms(100));
        assertThat(values.avg()).isCloseTo(ms(290) / 11.0, within(1e-3));
        // Sorted: 3 5 7 10 15 20 25 30 35 40 100 ms; at most 8192 values, so exact.
        assertQuantiles(values.quantiles(), ms(20), ms(40), ms(70), ms(94));
    }

    @Test
    void groupsAreTheLargestByCountAndOtherHoldsTheRestExactly() {
        AggregateResult result = aggregates.aggregate("a", Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME).top(3));

        assertThat(result.groups()).extracting(Group::key)
                .containsExactly(List.of("frontend"), List.of("payments"), List.of("auth"));
        Measures frontend = result.groups().get(0).measures();
        assertThat(frontend.count()).isEqualTo(5);
        assertThat(frontend.errors()).isEqualTo(1);
        assertThat(frontend.errorRate()).isEqualTo(0.2);
        assertThat(frontend.values().orElseThrow().min()).isEqualTo(ms(10));
        assertThat(frontend.values().orElseThrow().max()).isEqualTo(ms(100));
        assertThat(frontend.values().orElseThrow().avg()).isEqualTo(ms(40));
        assertQuantiles(frontend.values().orElseThrow().quantiles(), ms(30), ms(76), ms(88), 97.6e6);
        Measures payments = result.groups().get(1).measures();
        assertThat(payments.count()).isEqualTo(4);
        assertThat(payments.errorRate()).isEqualTo(0.5);
        assertThat(payments.values().orElseThrow().quantiles().p50()).isCloseTo(ms(20), within(1.0));

        Group other = result.other().orElseThrow();
        assertThat(other.key()).isEmpty();
        assertThat(other.groupCount()).isEqualTo(1);
        assertThat(other.measures().count()).isEqualTo(1);
        assertThat(other.measures().values().orElseThrow().max()).isEqualTo(ms(7));

        AggregateResult two = aggregates.aggregate("a", Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME).top(2));
        Group rest = two.other().orElseThrow();
        assertThat(rest.groupCount()).isEqualTo(2);
        assertThat(rest.measures().count()).isEqualTo(2);
        assertThat(rest.measures().errors()).isZero();
        assertThat(rest.measures().values().orElseThrow().min()).isEqualTo(ms(3));
        assertThat(rest.measures().values().orElseThrow().max()).isEqualTo(ms(7));
        assertThat(rest.measures().values().orElseThrow().avg()).isEqualTo(ms(5));
        assertThat(rest.measures().values().orElseThrow().quantiles().p50()).isCloseTo(ms(5), within(1.0));

        assertThat(aggregates.aggregate("a", Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME)).other()).isEmpty();
    }

    @Test
    void groupsOfFieldsAndAttributesWithTheEmptyStringForAMissingAttribute() {
        AggregateResult result = aggregates.aggregate("a",
                Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME, Attribute.span("payment.provider")));

        assertThat(result.groups()).extracting(Group::key).containsExactly(
                List.of("frontend", ""), List.of("payments", "stripe_v2"), List.of("payments", "stripe_v3"),
                List.of("auth", ""), List.of("search", ""));
        assertThat(result.groups()).extracting(g -> g.measures().count()).containsExactly(5L, 2L, 2L, 1L, 1L);
        assertThat(result.groups().get(2).measures().errorRate()).isEqualTo(1.0);

        AggregateResult byVersionAndStatus = aggregates.aggregate("a", Aggregation.of(WINDOW)
                .groupedBy(Attribute.resource("service.version"), Field.STATUS_CODE, Field.KIND));
        assertThat(byVersionAndStatus.groups()).extracting(Group::key).containsExactly(
                List.of("2.3.0", "OK", "SERVER"), List.of("2.3.1", "ERROR", "SERVER"), List.of("2.3.0", "ERROR", "SERVER"));
        assertThat(byVersionAndStatus.groups()).extracting(g -> g.measures().count()).containsExactly(8L, 2L, 1L);
    }

    @Test
    void aNumericAttributeIsMeasuredWhereItIsAFiniteNumber() {
        Aggregation statusCodes = Aggregation.of(WINDOW).measuring(Attribute.span("http.status_code"));

        Measures all = aggregates.aggregate("a", statusCodes).groups().getFirst().measures();
        assertThat(all.count()).isEqualTo(11);
        Values values = all.values().orElseThrow();
        // 200 ×4, 500 and 1e2; not "abc", "", "NaN", "inf" or a missing attribute.
        assertThat(values.count()).isEqualTo(6);
        assertThat(values.min()).isEqualTo(100);
        assertThat(values.max()).isEqualTo(500);
        assertThat(values.avg()).isCloseTo(1400 / 6.0, within(1e-9));
        assertQuantiles(values.quantiles(), 200, 350, 425, 485);

        AggregateResult byService = aggregates.aggregate("a", statusCodes.groupedBy(Field.SERVICE_NAME));
        assertThat(byService.groups()).extracting(Group::key)
                .containsExactly(List.of("frontend"), List.of("payments"), List.of("auth"), List.of("search"));
        assertThat(byService.groups().get(1).measures().count()).isEqualTo(4);
        assertThat(byService.groups().get(1).measures().values()).isEmpty();
        assertThat(byService.groups().get(3).measures().values()).isEmpty();
        assertThat(byService.groups().get(2).measures().values().orElseThrow().avg()).isEqualTo(100);
    }

    @Test
    void quantilesOfMoreValuesThanTheReservoirStayWithinTheDocumentedError() {
        Values values = aggregates.aggregate("big", Aggregation.of(SpanFilter.in(T0, T0.plusSeconds(60))))
                .groups().getFirst().measures().values().orElseThrow();

        assertThat(values.count()).isEqualTo(BIG);
        assertThat(values.min()).isEqualTo(1_000);
        assertThat(values.max()).isEqualTo(BIG * 1_000.0);
        assertThat(values.avg()).isEqualTo((BIG + 1) * 500.0);
        // Value v µs has rank (v - 1) / (BIG - 1); the documented standard deviation of the
        // rank is sqrt(q(1-q)/8192): four of them fail about once in 16,000 runs.
        Quantiles q = values.quantiles();
        assertRankWithin(q.p50(), 0.50);
        assertRankWithin(q.p90(), 0.90);
        assertRankWithin(q.p95(), 0.95);
        assertRankWithin(q.p99(), 0.99);
    }

    @Test
    void aTimeSeriesHasEveryBucketOfTheWindowFilled() {
        TimeSeries series = aggregates.timeSeries("a", Aggregation.of(WINDOW));

        assertThat(series.bucketWidth()).isEqualTo(Duration.ofSeconds(5));
        assertThat(series.buckets()).hasSize(120);
        assertThat(series.buckets().getFirst()).isEqualTo(T0);
        assertThat(series.buckets().getLast()).isEqualTo(T0.plusSeconds(595));
        assertThat(series.other()).isEmpty();
        List<Measures> points = series.series().getFirst().points();
        assertThat(points).hasSize(120);
        assertThat(counts(points)).isEqualTo(counts(120, Map.of(0, 4L, 1, 1L, 12, 2L, 13, 1L, 25, 1L, 60, 1L, 119, 1L)));
        assertThat(points.get(0).errors()).isEqualTo(2);
        assertThat(points.get(0).values().orElseThrow().quantiles().p50()).isCloseTo(12.5e6, within(1.0));
        assertThat(points.get(2)).isEqualTo(Measures.NONE);
    }

    @Test
    void aGroupedTimeSeriesKeepsTheLargestGroupsAndSumsTheRestAsOther() {
        TimeSeries series = aggregates.timeSeries("a", Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME).top(1));

        assertThat(series.series()).singleElement().satisfies(frontend -> {
            assertThat(frontend.key()).containsExactly("frontend");
            assertThat(counts(frontend.points())).isEqualTo(counts(120, Map.of(0, 2L, 1, 1L, 12, 2L)));
        });
        List<Measures> other = series.other().orElseThrow().points();
        assertThat(counts(other)).isEqualTo(counts(120, Map.of(0, 2L, 13, 1L, 25, 1L, 60, 1L, 119, 1L)));
        assertThat(other.get(0).errorRate()).isEqualTo(1.0);
        assertThat(other.get(0).values().orElseThrow().max()).isEqualTo(ms(15));

        TimeSeries all = aggregates.timeSeries("a", Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME));
        assertThat(all.series()).extracting(TimeSeries.Series::key)
                .containsExactly(List.of("frontend"), List.of("payments"), List.of("auth"), List.of("search"));
        assertThat(all.other()).isEmpty();
    }

    @Test
    void aTimeSeriesCanHaveBucketsOfTheCallersWidth() {
        TimeSeries series = aggregates.timeSeries("a", Aggregation.of(WINDOW), Duration.ofMinutes(1));

        assertThat(series.bucketWidth()).isEqualTo(Duration.ofMinutes(1));
        assertThat(series.buckets()).hasSize(10);
        assertThat(counts(series.series().getFirst().points())).isEqualTo(counts(10, Map.of(0, 5L, 1, 3L, 2, 1L, 5, 1L,
                9, 1L)));
        assertThatThrownBy(() -> aggregates.timeSeries("a", Aggregation.of(WINDOW), Duration.ofMillis(100)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("at least 1 s");
        assertThatThrownBy(() -> aggregates.timeSeries("a",
                Aggregation.of(SpanFilter.in(T0, T0.plus(Duration.ofDays(1)))), Duration.ofSeconds(30)))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("2880 buckets");
    }

    @Test
    void bucketsAreAlignedToTheEpochAndCoverAnUnalignedWindow() {
        TimeSeries series = aggregates.timeSeries("a",
                Aggregation.of(WINDOW.withWindow(T0.plusMillis(2_500), T0.plusMillis(62_500))));

        assertThat(series.bucketWidth()).isEqualTo(Duration.ofSeconds(1));
        assertThat(series.buckets()).hasSize(61);
        assertThat(series.buckets().getFirst()).isEqualTo(T0.plusSeconds(2));
        // The span at 2 s starts before the window; those at 3, 4, 6, 61 and 62 s are in it.
        assertThat(counts(series.series().getFirst().points()))
                .isEqualTo(counts(61, Map.of(1, 1L, 2, 1L, 4, 1L, 59, 1L, 60, 1L)));
    }

    @Test
    void bucketWidthsComeFromTheLadderForAboutTwoHundredPoints() {
        assertThat(AggregateQueries.bucketWidth(T0, T0.plusSeconds(10), 200)).isEqualTo(Duration.ofSeconds(1));
        assertThat(AggregateQueries.bucketWidth(T0, T0.plus(Duration.ofHours(1)), 200)).isEqualTo(Duration.ofSeconds(30));
        assertThat(AggregateQueries.bucketWidth(T0, T0.plus(Duration.ofHours(6)), 200)).isEqualTo(Duration.ofMinutes(5));
        assertThat(AggregateQueries.bucketWidth(T0, T0.plus(Duration.ofDays(1)), 200)).isEqualTo(Duration.ofMinutes(10));
        assertThat(AggregateQueries.bucketWidth(T0, T0.plus(Duration.ofDays(7)), 200)).isEqualTo(Duration.ofHours(1));
        assertThat(AggregateQueries.bucketWidth(T0, T0.plus(Duration.ofHours(1)), 60)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theHeatmapCountsSpansPerTimeAndDurationCell() {
        Heatmap heatmap = aggregates.heatmap("a", WINDOW);

        assertThat(heatmap.bucketWidth()).isEqualTo(Duration.ofSeconds(10));
        assertThat(heatmap.columns()).hasSize(60);
        // 100 ms is in [2^26, 2^27) ns, row 17.
        assertThat(heatmap.rows()).isEqualTo(18);
        assertThat(heatmap.durationBoundsNanos()).hasSize(19);
        assertThat(heatmap.durationBoundsNanos().subList(0, 3)).containsExactly(0L, 1024L, 2048L);
        assertThat(heatmap.durationBoundsNanos().getLast()).isEqualTo(1L << 27);
        var expected = new long[60][18];
        expected[0][13] = 1; // 5 ms
        expected[0][14] = 2; // 10, 15 ms
        expected[0][15] = 2; // 20, 30 ms
        expected[6][15] = 1; // 25 ms
        expected[6][16] = 1; // 40 ms
        expected[6][17] = 1; // 100 ms
        expected[12][16] = 1; // 35 ms
        expected[30][13] = 1; // 7 ms
        expected[59][12] = 1; // 3 ms
        for (int c = 0; c < 60; c++) {
            for (int r = 0; r < 18; r++) {
                assertThat(heatmap.counts().get(c).get(r)).as("column %d row %d", c, r).isEqualTo(expected[c][r]);
            }
        }

        SpanFilter region = heatmap.region(WINDOW, 0, 6, 15, 17);
        assertThat(region.from()).isEqualTo(T0);
        assertThat(region.to()).isEqualTo(T0.plusSeconds(70));
        assertThat(region.minDuration()).contains(Duration.ofNanos(1L << 24));
        assertThat(region.maxDuration()).contains(Duration.ofNanos((1L << 27) - 1));
        assertThat(aggregates.aggregate("a", Aggregation.of(region)).groups().getFirst().measures().count()).isEqualTo(5);
        assertThatThrownBy(() -> heatmap.region(WINDOW, 0, 60, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columns 0..60");
        assertThatThrownBy(() -> heatmap.region(WINDOW, 0, 1, 3, 18)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows 3..18");
    }

    @Test
    void heatmapRowsDoubleExactlyAtPowersOfTwo() {
        Heatmap heatmap = aggregates.heatmap("edges", WINDOW);

        List<Long> column = heatmap.counts().getFirst();
        assertThat(heatmap.rows()).isEqualTo(42);
        assertThat(column.get(0)).isEqualTo(2); // 0 and 1023 ns
        assertThat(column.get(1)).isEqualTo(2); // 1024 and 2047 ns
        assertThat(column.get(2)).isEqualTo(1); // 2048 ns
        assertThat(column.get(10)).isEqualTo(1); // 2^20 - 1
        assertThat(column.get(11)).isEqualTo(1); // 2^20
        assertThat(column.get(40)).isEqualTo(1); // 2^50 - 1
        assertThat(column.get(41)).isEqualTo(1); // 2^50
        assertThat(heatmap.durationBoundsNanos().get(41)).isEqualTo(1L << 50);
        assertThat(column.stream().mapToLong(Long::longValue).sum()).isEqualTo(9);

        assertThat(aggregates.heatmap("nobody", WINDOW).rows()).isZero();
    }

    @Test
    void anotherProjectsSpansNeverShow() {
        AggregateResult a = aggregates.aggregate("a", Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME));
        assertThat(a.groups()).extracting(g -> g.key().getFirst()).doesNotContain("secret");
        assertThat(a.groups().getFirst().measures().values().orElseThrow().max()).isEqualTo(ms(100));

        AggregateResult b = aggregates.aggregate("b", Aggregation.of(WINDOW).groupedBy(Attribute.span("payment.provider")));
        assertThat(b.groups()).extracting(Group::key).containsExactly(List.of(""), List.of("leak"));
        assertThat(aggregates.timeSeries("b", Aggregation.of(WINDOW)).series().getFirst().points().get(0).count())
                .isEqualTo(2);
        assertThat(aggregates.heatmap("b", WINDOW).counts().getFirst().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(2);
    }

    @Test
    void hostileKeysAndValuesAreDataNotSql() {
        for (String hostile : List.of("x') OR 1=1 --", "'; DROP TABLE spans; --", "x\\' OR 1=1 --")) {
            AggregateResult byKey = aggregates.aggregate("a", Aggregation.of(WINDOW)
                    .groupedBy(Attribute.span(hostile), Attribute.resource(hostile)).measuring(Attribute.span(hostile)));
            assertThat(byKey.groups()).singleElement().satisfies(g -> {
                assertThat(g.key()).containsExactly("", "");
                assertThat(g.measures().count()).isEqualTo(11);
                assertThat(g.measures().values()).isEmpty();
            });
            assertThat(aggregates.aggregate("a", Aggregation.of(WINDOW.withService(hostile))).groups().getFirst()
                    .measures().count()).isZero();
            assertThat(aggregates.aggregate("a", Aggregation.of(WINDOW.withAttribute(
                    new AttributeFilter(AttributeFilter.Scope.RECORD, hostile, AttributeFilter.Op.EQUALS, hostile))))
                    .groups().getFirst().measures().count()).isZero();
            assertThat(aggregates.aggregate(hostile, Aggregation.of(WINDOW)).groups().getFirst().measures().count())
                    .isZero();
            TimeSeries series = aggregates.timeSeries("a", Aggregation.of(WINDOW).groupedBy(Attribute.span(hostile)));
            assertThat(series.series()).singleElement().satisfies(s -> assertThat(s.key()).containsExactly(""));
            assertThat(aggregates.heatmap(hostile, WINDOW).rows()).isZero();
        }
        assertThat(clickHouse.count("SELECT count() AS c FROM spans")).isEqualTo(seeded);
    }

    @Test
    void badRequestsAreRefusedWithWhatToChange() {
        assertThatThrownBy(() -> Aggregation.of(WINDOW).groupedBy(Field.SERVICE_NAME, Field.NAME, Field.KIND,
                Field.STATUS_CODE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 3");
        assertThatThrownBy(() -> Aggregation.of(WINDOW).groupedBy(Field.NAME, Field.NAME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name' is grouped by twice");
        assertThatThrownBy(() -> Aggregation.of(WINDOW).top(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> Aggregation.of(WINDOW).top(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Field.named("duration; DROP")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field 'duration; DROP'").hasMessageContaining("service_name");
        assertThat(Field.named("Service_Name")).isEqualTo(Field.SERVICE_NAME);
        assertThatThrownBy(() -> Attribute.span(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aggregates.aggregate("", Aggregation.of(WINDOW)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertQuantiles(Quantiles q, double p50, double p90, double p95, double p99) {
        assertThat(q.p50()).as("p50").isCloseTo(p50, within(1e-3));
        assertThat(q.p90()).as("p90").isCloseTo(p90, within(1e-3));
        assertThat(q.p95()).as("p95").isCloseTo(p95, within(1e-3));
        assertThat(q.p99()).as("p99").isCloseTo(p99, within(1e-3));
    }

    private static void assertRankWithin(double nanos, double q) {
        double rank = (nanos / 1_000 - 1) / (BIG - 1);
        assertThat(rank).as("rank of the estimated p%s", Math.round(q * 100))
                .isCloseTo(q, within(4 * Math.sqrt(q * (1 - q) / 8192)));
    }

    /** Counts per bucket, as a list. */
    private static List<Long> counts(List<Measures> points) {
        return points.stream().map(Measures::count).toList();
    }

    /** {@code size} buckets with these counts, zero elsewhere. */
    private static List<Long> counts(int size, Map<Integer, Long> nonZero) {
        var counts = new ArrayList<Long>();
        for (int i = 0; i < size; i++) {
            counts.add(nonZero.getOrDefault(i, 0L));
        }
        return counts;
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    private static SpanRow span(String project, String service, String name, long offsetMillis, long durationNanos,
            StatusCode status, Map<String, String> attributes, String version) {
        int id = ++nextId;
        long start = Duration.between(Instant.EPOCH, T0).toNanos() + Duration.ofMillis(offsetMillis).toNanos();
        return new SpanRow(project, String.format("%032x", id), String.format("%016x", id), "", "", name,
                SpanKind.SERVER, status, "", service, "", "", start, durationNanos,
                Map.of("service.name", service, "service.version", version), attributes, List.of(), List.of(),
                SpanRow.LlmUsage.NONE);
    }
}
