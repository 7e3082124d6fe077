package dev.tracehound.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.ExponentialHistogram;
import dev.tracehound.analytics.MetricRow.Histogram;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.ReadLimits;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.analytics.query.MetricQuery.GroupKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric queries over hand-built data points whose answers are worked out in the comments.
 * The window is the hour from T0, so buckets are 30 s wide and bucket b starts at T0 + 30·b s;
 * a point at T0 + 60 s falls in bucket 2, at + 120 s in 4, at + 180 s in 6, at + 240 s in 8.
 */
class MetricQueriesIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant END = T0.plus(Duration.ofHours(1));
    private static final List<Double> BOUNDS = List.of(0.1, 0.5, 1.0);

    private static TestClickHouse clickHouse;
    private static MetricQueries metrics;

    @BeforeAll
    static void seed() {
        clickHouse = TestClickHouse.migrated();
        metrics = new MetricQueries(clickHouse.clickHouse());
        var rows = new ArrayList<MetricRow>();
        // A counter of route /a that started 10 s before the window: 60 at +60 s (all of it new),
        // 180 at +120 s (120 more), 30 at +180 s (a restart: 30 from zero), 90 at +240 s (60 more).
        long aStart = nanos(T0.minusSeconds(10));
        rows.add(counter("a", "/a", aStart, 60, 60));
        rows.add(counter("a", "/a", aStart, 120, 180));
        rows.add(counter("a", "/a", aStart, 180, 30));
        rows.add(counter("a", "/a", aStart, 240, 90));
        // Route /b has counted for a day: 1000 at -30 s (before the window), then 30 and 60 more.
        long bStart = nanos(T0.minus(Duration.ofDays(1)));
        rows.add(counter("a", "/b", bStart, -30, 1000));
        rows.add(counter("a", "/b", bStart, 60, 1030));
        rows.add(counter("a", "/b", bStart, 120, 1090));
        // Another project's counter with the same name and attributes, never to be seen.
        rows.add(counter("b", "/a", aStart, 60, 1e9));
        rows.add(counter("b", "/a", aStart, 120, 2e9));
        rows.add(point("b", "secret.metric", MetricType.GAUGE, Temporality.UNSPECIFIED, false, 0, 60, Map.of(),
                Map.of(), 42, null, null));
        // Delta sums: 5 and 7 in bucket 0, 3 in bucket 2.
        for (long[] p : new long[][] {{10, 5}, {20, 7}, {70, 3}}) {
            rows.add(point("a", "jobs.done", MetricType.SUM, Temporality.DELTA, true, nanos(T0.plusSeconds(p[0] - 10)),
                    p[0], Map.of(), Map.of(), p[1], null, null));
        }
        // An up-down counter, which a rate cannot read.
        rows.add(point("a", "pool.in_use", MetricType.SUM, Temporality.CUMULATIVE, false, aStart, 60, Map.of(),
                Map.of(), 3, null, null));
        // A gauge of two instances in bucket 0: i1 10 then 20, i2 4.
        rows.add(gauge("i1", 5, 10));
        rows.add(gauge("i1", 15, 20));
        rows.add(gauge("i2", 10, 4));
        // A cumulative histogram: [50, 30, 20, 0] at +60 s; [60, 70, 60, 10] at +120 s (10, 40, 40, 10 more);
        // [5, 5, 0, 0] at +180 s, a restart.
        rows.add(histogram("http.server.request.duration", Temporality.CUMULATIVE, aStart, 60, 30, 50, 30, 20, 0));
        rows.add(histogram("http.server.request.duration", Temporality.CUMULATIVE, aStart, 120, 75, 60, 70, 60, 10));
        rows.add(histogram("http.server.request.duration", Temporality.CUMULATIVE, aStart, 180, 2, 5, 5, 0, 0));
        // Delta histograms, both in bucket 0: [1, 3, 0, 0] + [1, 1, 2, 0] = [2, 4, 2, 0].
        rows.add(histogram("db.duration", Temporality.DELTA, nanos(T0), 10, 1, 1, 3, 0, 0));
        rows.add(histogram("db.duration", Temporality.DELTA, nanos(T0.plusSeconds(10)), 20, 2, 1, 1, 2, 0));
        // A cumulative exponential histogram at scale 0 (base 2): 10 in (1, 2], 20 in (2, 4], 70 in (4, 8] at
        // +60 s; at +120 s at scale -1 (base 4): 40 in (1, 4], 160 in (4, 16], so 10 and 90 more.
        rows.add(exponential("rpc.duration", Temporality.CUMULATIVE, aStart, 60, 0, 0, 0, new long[] {10, 20, 70},
                0, new long[0]));
        rows.add(exponential("rpc.duration", Temporality.CUMULATIVE, aStart, 120, -1, 0, 0, new long[] {40, 160},
                0, new long[0]));
        // A delta exponential histogram at scale 0: 4 values in [-2, -1), 2 at zero, 4 in (2, 4].
        rows.add(exponential("temperature.change", Temporality.DELTA, nanos(T0), 10, 0, 2, 1, new long[] {4}, 0,
                new long[] {4}));
        rows.add(point("a", "rpc.summary", MetricType.SUMMARY, Temporality.UNSPECIFIED, false, aStart, 60, Map.of(),
                Map.of(), 0, null, null, new MetricRow.Summary(3, 6, List.of(0.5), List.of(2.0))));
        new TelemetryWriter(clickHouse.clickHouse()).writeMetrics(rows);
    }

    @AfterAll
    static void drop() {
        clickHouse.close();
    }

    @Test
    void theRateOfACounterCountsARestartFromZero() {
        MetricSeries series = metrics.query("a", MetricQuery.of("http.requests", T0, END, MetricAggregation.RATE)
                .groupedBy(GroupKey.point("route")));

        assertThat(series.bucketWidth()).isEqualTo(Duration.ofSeconds(30));
        assertThat(series.buckets()).hasSize(120).first().isEqualTo(T0);
        assertThat(series.unit()).isEqualTo("{request}/s");
        assertThat(series.series()).extracting(MetricSeries.Series::key)
                .containsExactly(List.of("/a"), List.of("/b"));
        // 60, 120, 30 and 60 requests in 30 s buckets.
        assertPoints(series.series().get(0), Map.of(2, 2.0, 4, 4.0, 6, 1.0, 8, 2.0));
        // The point before the window is only where /b's count stood.
        assertPoints(series.series().get(1), Map.of(2, 1.0, 4, 2.0));
    }

    @Test
    void withoutGroupByEverySeriesAddsUp() {
        MetricSeries rate = metrics.query("a", MetricQuery.of("http.requests", T0, END, MetricAggregation.RATE));
        MetricSeries total = metrics.query("a", MetricQuery.of("http.requests", T0, END, MetricAggregation.SUM));

        assertThat(rate.series()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEmpty();
            assertPoints(s, Map.of(2, 3.0, 4, 6.0, 6, 1.0, 8, 2.0));
        });
        // The counters' last values: 60 + 1030, 180 + 1090, 30, 90.
        assertPoints(total.series().getFirst(), Map.of(2, 1090.0, 4, 1270.0, 6, 30.0, 8, 90.0));
    }

    @Test
    void deltaSumsAreAddedUpAndTheirRateIsPerSecondOfTheBucket() {
        MetricSeries rate = metrics.query("a", MetricQuery.of("jobs.done", T0, END, MetricAggregation.RATE));
        MetricSeries sum = metrics.query("a", MetricQuery.of("jobs.done", T0, END, MetricAggregation.SUM));

        assertPoints(rate.series().getFirst(), Map.of(0, 0.4, 2, 0.1));
        assertPoints(sum.series().getFirst(), Map.of(0, 12.0, 2, 3.0));
    }

    @Test
    void bucketsOfAWidthGivenStartAtTheWindowsStart() {
        // 60 s buckets from +15 s: [15, 75) holds the delta sums 7 (at +20 s) and 3 (at +70 s).
        MetricSeries sum = metrics.query("a", MetricQuery.of("jobs.done", T0.plusSeconds(15), T0.plusSeconds(135),
                MetricAggregation.SUM), Duration.ofSeconds(60));
        assertThat(sum.bucketWidth()).isEqualTo(Duration.ofSeconds(60));
        assertThat(sum.buckets()).containsExactly(T0.plusSeconds(15), T0.plusSeconds(75));
        assertPoints(sum.series().getFirst(), Map.of(0, 10.0));

        // One bucket, [15, 135): route /a's counter counted 60 at +60 s and 120 more at +120 s, 1.5 a second.
        MetricSeries rate = metrics.query("a", MetricQuery.of("http.requests", T0.plusSeconds(15),
                T0.plusSeconds(135), MetricAggregation.RATE).where(new AttributeFilter(AttributeFilter.Scope.RECORD,
                "route", AttributeFilter.Op.EQUALS, "/a")), Duration.ofSeconds(120));
        assertThat(rate.buckets()).containsExactly(T0.plusSeconds(15));
        assertPoints(rate.series().getFirst(), Map.of(0, 1.5));

        assertThatThrownBy(() -> metrics.query("a", MetricQuery.of("jobs.done", T0, END, MetricAggregation.SUM),
                Duration.ofMillis(500))).isInstanceOf(InvalidQueryException.class).hasMessageContaining("at least 1 s");
    }

    @Test
    void gaugesAverageTheirPointsAndSumEachSeriesLastValue() {
        assertPoints(gauge(MetricAggregation.AVG).series().getFirst(), Map.of(0, 34.0 / 3));
        assertPoints(gauge(MetricAggregation.MIN).series().getFirst(), Map.of(0, 4.0));
        assertPoints(gauge(MetricAggregation.MAX).series().getFirst(), Map.of(0, 20.0));
        assertPoints(gauge(MetricAggregation.SUM).series().getFirst(), Map.of(0, 24.0));

        MetricSeries perInstance = metrics.query("a", MetricQuery.of("queue.depth", T0, END, MetricAggregation.AVG)
                .groupedBy(GroupKey.resource("service.instance.id")));
        assertThat(perInstance.series()).extracting(MetricSeries.Series::key)
                .containsExactly(List.of("i1"), List.of("i2"));
        assertPoints(perInstance.series().get(0), Map.of(0, 15.0));

        MetricSeries filtered = metrics.query("a", MetricQuery.of("queue.depth", T0, END, MetricAggregation.AVG)
                .where(new AttributeFilter(AttributeFilter.Scope.RESOURCE, "service.instance.id",
                        AttributeFilter.Op.EQUALS, "i2")));
        assertPoints(filtered.series().getFirst(), Map.of(0, 4.0));
    }

    @Test
    void quantilesOfACumulativeHistogramAreOfWhatEachBucketAdded() {
        MetricSeries series = metrics.query("a", MetricQuery.of("http.server.request.duration", T0, END,
                MetricAggregation.QUANTILES).withQuantiles(0.5, 0.9, 0.75));

        assertThat(series.unit()).isEqualTo("s");
        assertThat(series.series()).extracting(MetricSeries.Series::measure).containsExactly("p50", "p90", "p75");
        // +60 s: [50, 30, 20, 0]: rank 50 ends the first bucket (0 to 0.1); rank 90 is half way into (0.5, 1],
        // rank 75 25/30 into (0.1, 0.5].
        // +120 s: [10, 40, 40, 10]: rank 50 ends (0.1, 0.5]; rank 90 ends (0.5, 1].
        // +180 s, restarted: [5, 5, 0, 0]: rank 5 ends the first bucket; ranks 9 and 7.5 are 4/5 and half way into
        // (0.1, 0.5].
        assertPoints(series.series().get(0), Map.of(2, 0.1, 4, 0.5, 6, 0.1));
        assertPoints(series.series().get(1), Map.of(2, 0.75, 4, 1.0, 6, 0.42));
        assertPoints(series.series().get(2), Map.of(2, 0.1 + 0.4 * 25 / 30, 4, 0.5 + 0.5 * 25 / 40, 6, 0.3));

        MetricSeries rate = metrics.query("a", MetricQuery.of("http.server.request.duration", T0, END,
                MetricAggregation.RATE));
        assertThat(rate.unit()).isEqualTo("1/s");
        assertPoints(rate.series().getFirst(), Map.of(2, 100 / 30.0, 4, 100 / 30.0, 6, 10 / 30.0));
        MetricSeries avg = metrics.query("a", MetricQuery.of("http.server.request.duration", T0, END,
                MetricAggregation.AVG));
        assertPoints(avg.series().getFirst(), Map.of(2, 0.3, 4, 0.45, 6, 0.2));
    }

    @Test
    void quantilesOfDeltaHistogramsAddTheirBuckets() {
        MetricSeries series = metrics.query("a", MetricQuery.of("db.duration", T0, END, MetricAggregation.QUANTILES)
                .withQuantiles(0.5, 0.99));

        // [2, 4, 2, 0]: rank 4 is half way into (0.1, 0.5]; rank 7.92 is 96% into (0.5, 1].
        assertPoints(series.series().get(0), Map.of(0, 0.3));
        assertPoints(series.series().get(1), Map.of(0, 0.5 + 0.5 * 1.92 / 2));
    }

    @Test
    void quantilesOfExponentialHistogramsFollowTheirScale() {
        MetricSeries series = metrics.query("a", MetricQuery.of("rpc.duration", T0, END, MetricAggregation.QUANTILES)
                .withQuantiles(0.1, 0.5));

        // +60 s: rank 10 ends (1, 2]; rank 50 is 20/70 into (4, 8].
        // +120 s at base 4: 10 in (1, 4] and 90 in (4, 16]: rank 10 ends (1, 4]; rank 50 is 40/90 into (4, 16].
        assertPoints(series.series().get(0), Map.of(2, 2.0, 4, 4.0));
        assertPoints(series.series().get(1), Map.of(2, 4 + 4 * 20 / 70.0, 4, 4 + 12 * 40 / 90.0));

        MetricSeries signed = metrics.query("a", MetricQuery.of("temperature.change", T0, END,
                MetricAggregation.QUANTILES).withQuantiles(0.1, 0.5, 0.9));
        // 4 in [-2, -1), 2 at zero, 4 in (2, 4]: rank 1 is a quarter up from -2; rank 5 at zero; rank 9 3/4 into (2, 4].
        assertPoints(signed.series().get(0), Map.of(0, -1.75));
        assertPoints(signed.series().get(1), Map.of(0, 0.0));
        assertPoints(signed.series().get(2), Map.of(0, 3.5));
    }

    @Test
    void anotherProjectsPointsAreNeverSeen() {
        assertThatThrownBy(() -> metrics.query("a", MetricQuery.of("secret.metric", T0, END, MetricAggregation.AVG)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data points");
        assertThat(metrics.names("a", T0, END, Optional.empty()).metrics())
                .extracting(MetricCatalog.Metric::name).doesNotContain("secret.metric");
        MetricSeries b = metrics.query("b", MetricQuery.of("http.requests", T0, END, MetricAggregation.RATE));
        assertPoints(b.series().getFirst(), Map.of(2, 1e9 / 30, 4, 1e9 / 30));
    }

    @Test
    void namesListEachMetricWithItsTypeUnitKeysAndAggregations() {
        MetricCatalog catalog = metrics.names("a", T0, END, Optional.empty());

        assertThat(catalog.truncated()).isFalse();
        assertThat(catalog.metrics()).extracting(MetricCatalog.Metric::name).containsExactly("db.duration",
                "http.requests", "http.server.request.duration", "jobs.done", "pool.in_use", "queue.depth",
                "rpc.duration", "rpc.summary", "temperature.change");
        MetricCatalog.Metric requests = catalog.metrics().get(1);
        assertThat(requests.type()).isEqualTo(MetricType.SUM);
        assertThat(requests.unit()).isEqualTo("{request}");
        assertThat(requests.description()).isEqualTo("requests served");
        assertThat(requests.monotonic()).isTrue();
        assertThat(requests.temporalities()).containsExactly("CUMULATIVE");
        assertThat(requests.points()).isEqualTo(6);
        assertThat(requests.services()).containsExactly("api");
        assertThat(requests.attributeKeys()).containsExactly("route");
        assertThat(requests.resourceKeys()).containsExactly("service.instance.id", "service.name");
        assertThat(requests.aggregations()).contains(MetricAggregation.RATE).doesNotContain(MetricAggregation.QUANTILES);
        assertThat(catalog.metrics().get(4).aggregations()).as("an up-down counter").doesNotContain(MetricAggregation.RATE);
        assertThat(catalog.metrics().get(7).aggregations()).as("a summary").isEmpty();
        assertThat(metrics.names("a", T0, END, Optional.of("DURATION")).metrics())
                .extracting(MetricCatalog.Metric::name)
                .containsExactly("db.duration", "http.server.request.duration", "rpc.duration");
    }

    @Test
    void anAggregationTheTypeCannotTakeIsRefusedWithTheOnesItCan() {
        assertThatThrownBy(() -> gauge(MetricAggregation.QUANTILES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queue.depth' is a gauge").hasMessageContaining("use one of sum, avg, min, max");
        assertThatThrownBy(() -> metrics.query("a", MetricQuery.of("pool.in_use", T0, END, MetricAggregation.RATE)))
                .hasMessageContaining("can go down").hasMessageContaining("rate needs a sum that only goes up");
        assertThatThrownBy(() -> metrics.query("a", MetricQuery.of("rpc.summary", T0, END, MetricAggregation.AVG)))
                .hasMessageContaining("summary");
        assertThatThrownBy(() -> MetricQuery.of("x", T0, END, MetricAggregation.QUANTILES).withQuantiles(1.0))
                .hasMessageContaining("strictly between 0 and 1");
        assertThatThrownBy(() -> MetricAggregation.parse("p95")).hasMessageContaining("use one of sum, avg, min, max,"
                + " rate, quantiles");
        assertThatThrownBy(() -> MetricQuery.of("x", T0, T0.plus(Duration.ofDays(8)), MetricAggregation.AVG))
                .hasMessageContaining("at most 7 days");
    }

    @Test
    void aSeriesTooBroadForTheReadLimitsSaysHowToNarrowIt() {
        var limited = new MetricQueries(clickHouse.clickHouse().limitedTo(new ReadLimits(3, 0)));

        assertThatThrownBy(() -> limited.query("a", MetricQuery.of("http.requests", T0, END, MetricAggregation.RATE)))
                .isInstanceOf(QueryTooBroadException.class).hasMessageContaining("Narrow the time range");
    }

    private static MetricSeries gauge(MetricAggregation aggregation) {
        return metrics.query("a", MetricQuery.of("queue.depth", T0, END, aggregation));
    }

    /** The points at the given bucket indexes are these; every other bucket has none. */
    private static void assertPoints(MetricSeries.Series series, Map<Integer, Double> expected) {
        for (int b = 0; b < series.points().size(); b++) {
            Double point = series.points().get(b);
            if (expected.containsKey(b)) {
                assertThat(point).as(series.measure() + " in bucket " + b).isNotNull()
                        .isCloseTo(expected.get(b), within(1e-9));
            } else {
                assertThat(point).as(series.measure() + " in bucket " + b).isNull();
            }
        }
    }

    private static MetricRow counter(String project, String route, long start, long atSeconds, double value) {
        return point(project, "http.requests", MetricType.SUM, Temporality.CUMULATIVE, true, start, atSeconds,
                Map.of("service.name", "api", "service.instance.id", "i1"), Map.of("route", route), value, null, null);
    }

    private static MetricRow gauge(String instance, long atSeconds, double value) {
        return point("a", "queue.depth", MetricType.GAUGE, Temporality.UNSPECIFIED, false, 0, atSeconds,
                Map.of("service.instance.id", instance), Map.of(), value, null, null);
    }

    private static MetricRow histogram(String name, Temporality temporality, long start, long atSeconds, double sum,
            long... counts) {
        long count = Arrays.stream(counts).sum();
        var buckets = new Histogram(count, OptionalDouble.of(sum), OptionalDouble.empty(), OptionalDouble.empty(),
                Arrays.stream(counts).boxed().toList(), BOUNDS);
        return point("a", name, MetricType.HISTOGRAM, temporality, false, start, atSeconds, Map.of(), Map.of(), 0,
                buckets, null);
    }

    private static MetricRow exponential(String name, Temporality temporality, long start, long atSeconds, int scale,
            long zeroCount, int positiveOffset, long[] positive, int negativeOffset, long[] negative) {
        long count = zeroCount + Arrays.stream(positive).sum() + Arrays.stream(negative).sum();
        var buckets = new ExponentialHistogram(count, OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), scale, zeroCount, 0, positiveOffset, Arrays.stream(positive).boxed().toList(),
                negativeOffset, Arrays.stream(negative).boxed().toList());
        return point("a", name, MetricType.EXPONENTIAL_HISTOGRAM, temporality, false, start, atSeconds, Map.of(),
                Map.of(), 0, null, buckets);
    }

    private static MetricRow point(String project, String name, MetricType type, Temporality temporality,
            boolean monotonic, long start, long atSeconds, Map<String, String> resource, Map<String, String> attributes,
            double value, Histogram histogram, ExponentialHistogram exponential) {
        return point(project, name, type, temporality, monotonic, start, atSeconds, resource, attributes, value,
                histogram, exponential, null);
    }

    private static MetricRow point(String project, String name, MetricType type, Temporality temporality,
            boolean monotonic, long start, long atSeconds, Map<String, String> resource, Map<String, String> attributes,
            double value, Histogram histogram, ExponentialHistogram exponential, MetricRow.Summary summary) {
        String unit = switch (name) {
            case "http.requests" -> "{request}";
            case "http.server.request.duration", "db.duration" -> "s";
            default -> "";
        };
        return new MetricRow(project, name, name.equals("http.requests") ? "requests served" : "", unit, type,
                temporality, monotonic, "api", "test", "1", start, nanos(T0.plusSeconds(atSeconds)), resource,
                attributes, value, histogram, exponential, summary);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
