package dev.tracehound.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final long START_NS = NOW_NS - 60_000_000_000L;
    private static final Scrub SCRUB = new Scrub(PiiScrubber.builtInsOnly(), new PiiScrubCounts());

    private final MetricNormalizer normalizer = new MetricNormalizer(new TimeCheck(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void aGaugeBecomesOneRowPerPointWithResourceScopeAndAttributes() {
        var gauge = Metric.newBuilder().setName("process.memory.usage").setDescription("resident memory").setUnit("By")
                .setGauge(Gauge.newBuilder()
                        .addDataPoints(point(NOW_NS).setAsDouble(5.25e8).addAttributes(kv("pool", "heap")))
                        .addDataPoints(point(NOW_NS).setAsInt(7).addAttributes(kv("pool", "metaspace"))))
                .build();

        var result = normalizer.normalize("p1", SCRUB, request(gauge));

        assertThat(result.rejected()).isZero();
        assertThat(result.rows()).hasSize(2);
        MetricRow heap = result.rows().get(0);
        assertThat(heap.projectId()).isEqualTo("p1");
        assertThat(heap.name()).isEqualTo("process.memory.usage");
        assertThat(heap.description()).isEqualTo("resident memory");
        assertThat(heap.unit()).isEqualTo("By");
        assertThat(heap.type()).isEqualTo(MetricType.GAUGE);
        assertThat(heap.temporality()).isEqualTo(Temporality.UNSPECIFIED);
        assertThat(heap.serviceName()).isEqualTo("cart");
        assertThat(heap.scopeName()).isEqualTo("io.opentelemetry.runtime");
        assertThat(heap.scopeVersion()).isEqualTo("2.0");
        assertThat(heap.resourceAttributes()).containsEntry("service.version", "1.2.3");
        assertThat(heap.attributes()).containsExactly(Map.entry("pool", "heap"));
        assertThat(heap.value()).isEqualTo(5.25e8);
        assertThat(heap.timeNanos()).isEqualTo(NOW_NS);
        assertThat(heap.startTimeNanos()).isEqualTo(START_NS);
        assertThat(heap.histogram()).isNull();
        assertThat(result.rows().get(1).value()).as("an int value, as a double").isEqualTo(7.0);
        assertThat(result.rows().get(1).attributes()).containsEntry("pool", "metaspace");
    }

    @Test
    void aSumKeepsItsTemporalityAndMonotonicity() {
        var counter = Metric.newBuilder().setName("http.server.requests").setUnit("{request}")
                .setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point(NOW_NS).setAsInt(1234)))
                .build();
        var upDown = Metric.newBuilder().setName("db.pool.connections")
                .setSum(Sum.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(point(NOW_NS).setAsDouble(-3)))
                .build();

        var rows = normalizer.normalize("p1", SCRUB, request(counter, upDown)).rows();

        assertThat(rows).extracting(MetricRow::type).containsOnly(MetricType.SUM);
        assertThat(rows.get(0).temporality()).isEqualTo(Temporality.CUMULATIVE);
        assertThat(rows.get(0).monotonic()).isTrue();
        assertThat(rows.get(0).value()).isEqualTo(1234.0);
        assertThat(rows.get(1).temporality()).isEqualTo(Temporality.DELTA);
        assertThat(rows.get(1).monotonic()).isFalse();
        assertThat(rows.get(1).value()).isEqualTo(-3.0);
    }

    @Test
    void aHistogramKeepsCountSumMinMaxAndBucketsButNotExemplars() {
        var histogram = Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(histogramPoint(6, List.of(1L, 3L, 2L), List.of(0.1, 1.0))
                                .setSum(3.5).setMin(0.01).setMax(2.5)
                                .addExemplars(Exemplar.newBuilder().setAsDouble(2.5).setTimeUnixNano(NOW_NS)))
                        .addDataPoints(histogramPoint(4, List.of(), List.of())))
                .build();

        var rows = normalizer.normalize("p1", SCRUB, request(histogram)).rows();

        assertThat(rows).hasSize(2);
        MetricRow full = rows.get(0);
        assertThat(full.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(full.temporality()).isEqualTo(Temporality.DELTA);
        assertThat(full.value()).isZero();
        assertThat(full.histogram()).isEqualTo(new MetricRow.Histogram(6, OptionalDouble.of(3.5),
                OptionalDouble.of(0.01), OptionalDouble.of(2.5), List.of(1L, 3L, 2L), List.of(0.1, 1.0)));
        MetricRow countOnly = rows.get(1);
        assertThat(countOnly.histogram().count()).isEqualTo(4);
        assertThat(countOnly.histogram().sum()).as("sum is optional in OTLP").isEmpty();
        assertThat(countOnly.histogram().min()).isEmpty();
        assertThat(countOnly.histogram().bucketCounts()).isEmpty();
    }

    @Test
    void aSummaryKeepsCountSumAndQuantilesWithNoTemporality() {
        int noRecordedValue = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
        var summary = Metric.newBuilder().setName("go_gc_duration_seconds").setUnit("s")
                .setSummary(Summary.newBuilder()
                        .addDataPoints(summaryPoint(12, 0.5).addAttributes(kv("job", "api"))
                                .addQuantileValues(quantile(0, 0.001))
                                .addQuantileValues(quantile(0.5, 0.01))
                                .addQuantileValues(quantile(0.99, Double.NaN))
                                .addQuantileValues(quantile(1, 0.2)))
                        .addDataPoints(summaryPoint(0, 0))
                        .addDataPoints(summaryPoint(0, 0).setFlags(noRecordedValue)))
                .build();

        var result = normalizer.normalize("p1", SCRUB, request(summary));

        assertThat(result.rejected()).isZero();
        assertThat(result.rows()).hasSize(2);
        MetricRow row = result.rows().get(0);
        assertThat(row.type()).isEqualTo(MetricType.SUMMARY);
        assertThat(row.temporality()).isEqualTo(Temporality.UNSPECIFIED);
        assertThat(row.monotonic()).isFalse();
        assertThat(row.value()).isZero();
        assertThat(row.histogram()).isNull();
        assertThat(row.exponential()).isNull();
        assertThat(row.serviceName()).isEqualTo("cart");
        assertThat(row.scopeName()).isEqualTo("io.opentelemetry.runtime");
        assertThat(row.attributes()).containsExactly(Map.entry("job", "api"));
        assertThat(row.startTimeNanos()).isEqualTo(START_NS);
        assertThat(row.timeNanos()).isEqualTo(NOW_NS);
        assertThat(row.summary()).isEqualTo(new MetricRow.Summary(12, 0.5, List.of(0.0, 0.5, 0.99, 1.0),
                List.of(0.001, 0.01, Double.NaN, 0.2)));
        assertThat(result.rows().get(1).summary()).isEqualTo(new MetricRow.Summary(0, 0, List.of(), List.of()));
    }

    @Test
    void anExponentialHistogramKeepsScaleZeroBucketAndBothSidesBuckets() {
        int noRecordedValue = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
        var exponential = Metric.newBuilder().setName("rpc.duration").setUnit("ms")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(exponentialPoint(10).setScale(3).setZeroCount(1).setZeroThreshold(1e-9)
                                .setSum(42.5).setMin(-2).setMax(30).addAttributes(kv("rpc.method", "Get"))
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2)
                                        .addAllBucketCounts(List.of(2L, 0L, 4L)))
                                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(5)
                                        .addAllBucketCounts(List.of(3L))))
                        .addDataPoints(exponentialPoint(0))
                        .addDataPoints(exponentialPoint(5).setFlags(noRecordedValue)))
                .build();

        var result = normalizer.normalize("p1", SCRUB, request(exponential));

        assertThat(result.rejected()).isZero();
        assertThat(result.rows()).hasSize(2);
        MetricRow row = result.rows().get(0);
        assertThat(row.type()).isEqualTo(MetricType.EXPONENTIAL_HISTOGRAM);
        assertThat(row.temporality()).isEqualTo(Temporality.CUMULATIVE);
        assertThat(row.value()).isZero();
        assertThat(row.histogram()).isNull();
        assertThat(row.summary()).isNull();
        assertThat(row.attributes()).containsExactly(Map.entry("rpc.method", "Get"));
        assertThat(row.exponential()).isEqualTo(new MetricRow.ExponentialHistogram(10, OptionalDouble.of(42.5),
                OptionalDouble.of(-2), OptionalDouble.of(30), 3, 1, 1e-9, -2, List.of(2L, 0L, 4L), 5, List.of(3L)));
        MetricRow empty = result.rows().get(1);
        assertThat(empty.exponential().count()).isZero();
        assertThat(empty.exponential().sum()).as("sum is optional in OTLP").isEmpty();
        assertThat(empty.exponential().positiveCounts()).isEmpty();
        assertThat(empty.exponential().negativeCounts()).isEmpty();
    }

    @Test
    void rejectsInvalidExponentialHistogramsAndSummariesAndSaysWhy() {
        var exponential = Metric.newBuilder().setName("rpc.duration")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(exponentialPoint(6).setZeroCount(1)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .addAllBucketCounts(List.of(2L, 2L))))
                        .addDataPoints(exponentialPoint(5).setZeroCount(1)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .addAllBucketCounts(List.of(2L, 2L)))))
                .build();
        var noTemporality = Metric.newBuilder().setName("queue.wait")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(exponentialPoint(0)).addDataPoints(exponentialPoint(0)))
                .build();
        var summary = Metric.newBuilder().setName("go_gc_duration_seconds")
                .setSummary(Summary.newBuilder()
                        .addDataPoints(summaryPoint(2, 0.5).addQuantileValues(quantile(1.5, 0.1))))
                .build();

        var result = normalizer.normalize("p1", SCRUB, request(exponential, noTemporality, summary));

        assertThat(result.rows()).singleElement()
                .satisfies(row -> assertThat(row.exponential().count()).isEqualTo(5));
        assertThat(result.rejected()).isEqualTo(4);
        assertThat(result.message()).isEqualTo(
                "exponential histogram 'rpc.duration': zero count and bucket counts add up to 5, but the count is 6; "
                        + "exponential histogram 'queue.wait': aggregation temporality must be DELTA or CUMULATIVE "
                        + "(2 times); summary 'go_gc_duration_seconds': quantile 0 (1.5) is not between 0 and 1");
    }

    @Test
    void rejectsOnlyTheInvalidPointsAndSaysWhy() {
        var histogram = Metric.newBuilder().setName("latency")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(histogramPoint(6, List.of(1L, 3L, 2L), List.of(0.1, 1.0)))
                        .addDataPoints(histogramPoint(6, List.of(1L, 5L), List.of(0.1, 1.0)))
                        .addDataPoints(histogramPoint(7, List.of(1L, 3L, 2L), List.of(0.1, 1.0)))
                        .addDataPoints(histogramPoint(6, List.of(1L, 3L, 2L), List.of(1.0, 0.1))))
                .build();
        var noTemporality = Metric.newBuilder().setName("requests")
                .setSum(Sum.newBuilder().setIsMonotonic(true).addDataPoints(point(NOW_NS).setAsInt(1))
                        .addDataPoints(point(NOW_NS).setAsInt(2)))
                .build();
        var noValue = Metric.newBuilder().setName("temperature")
                .setGauge(Gauge.newBuilder().addDataPoints(point(NOW_NS))).build();
        var noName = Metric.newBuilder()
                .setGauge(Gauge.newBuilder().addDataPoints(point(NOW_NS).setAsDouble(1))).build();

        var result = normalizer.normalize("p1", SCRUB, request(histogram, noTemporality, noValue, noName));

        assertThat(result.rows()).singleElement().satisfies(row -> assertThat(row.histogram().count()).isEqualTo(6));
        assertThat(result.rejected()).isEqualTo(7);
        assertThat(result.message()).contains(
                "histogram 'latency': 2 explicit bounds need 3 bucket counts, got 2",
                "histogram 'latency': bucket counts add up to 6, but the count is 7",
                "histogram 'latency': explicit bounds must be strictly increasing, but bound 1 (0.1) follows 1.0",
                "sum 'requests': aggregation temporality must be DELTA or CUMULATIVE (2 times)",
                "gauge 'temperature': a data point needs as_double or as_int, or the NO_RECORDED_VALUE flag")
                .endsWith("; and 1 more");
    }

    @Test
    void pointsWithNoRecordedValueAreSkippedNotRejectedWhileNaNIsKept() {
        int noRecordedValue = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
        var gauge = Metric.newBuilder().setName("queue.fill.ratio")
                .setGauge(Gauge.newBuilder()
                        .addDataPoints(point(NOW_NS).setFlags(noRecordedValue))
                        .addDataPoints(point(NOW_NS).setAsDouble(Double.NaN).setFlags(noRecordedValue))
                        .addDataPoints(point(NOW_NS).setAsDouble(Double.NaN))
                        .addDataPoints(point(NOW_NS).setAsDouble(Double.POSITIVE_INFINITY)))
                .build();
        var histogram = Metric.newBuilder().setName("latency")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(histogramPoint(0, List.of(), List.of()).setFlags(noRecordedValue)))
                .build();

        var result = normalizer.normalize("p1", SCRUB, request(gauge, histogram));

        assertThat(result.rejected()).isZero();
        assertThat(result.rows()).extracting(MetricRow::value).containsExactly(Double.NaN, Double.POSITIVE_INFINITY);
    }

    @Test
    void scrubsPiiFromResourceAndPointAttributes() {
        var counts = new PiiScrubCounts();
        var gauge = Metric.newBuilder().setName("logins")
                .setGauge(Gauge.newBuilder().addDataPoints(point(NOW_NS).setAsInt(1)
                        .addAttributes(kv("user.email", "jane@example.com"))
                        .addAttributes(kv("order.id", "1234567890123456789"))))
                .build();
        var request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("owner", "ops@example.com")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge))).build();

        MetricRow row = normalizer.normalize("p1", new Scrub(PiiScrubber.builtInsOnly(), counts), request).rows().getFirst();

        assertThat(row.attributes()).containsEntry("user.email", "[REDACTED:email]")
                .containsEntry("order.id", "1234567890123456789");
        assertThat(row.resourceAttributes()).containsEntry("owner", "[REDACTED:email]");
        assertThat(row.serviceName()).as("no service.name in the resource").isEqualTo("unknown_service");
        assertThat(counts.get("email")).isEqualTo(2);
    }

    @Test
    void keepsDoubtfulTimesButFlagsThem() {
        var gauge = Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder()
                        .addDataPoints(point(0).setAsDouble(1))
                        .addDataPoints(point(NOW_NS).setStartTimeUnixNano(NOW_NS + 1).setAsDouble(2))
                        .addDataPoints(point(NOW_NS + 3_600_000_000_000L).setAsDouble(3))
                        .addDataPoints(point(NOW_NS).setAsDouble(4)))
                .build();

        var rows = normalizer.normalize("p1", SCRUB, request(gauge)).rows();

        assertThat(rows.get(0).timeNanos()).isEqualTo(NOW_NS);
        assertThat(rows.get(0).attributes()).containsEntry(TimeCheck.FLAG_KEY, "time_missing");
        assertThat(rows.get(1).startTimeNanos()).isEqualTo(NOW_NS + 1);
        assertThat(rows.get(1).attributes()).containsEntry(TimeCheck.FLAG_KEY, "start_after_time");
        assertThat(rows.get(2).timeNanos()).isEqualTo(NOW_NS + 3_600_000_000_000L);
        assertThat(rows.get(2).attributes()).containsEntry(TimeCheck.FLAG_KEY, "time_in_future");
        assertThat(rows.get(3).attributes()).doesNotContainKey(TimeCheck.FLAG_KEY);
    }

    private static NumberDataPoint.Builder point(long time) {
        return NumberDataPoint.newBuilder().setStartTimeUnixNano(START_NS).setTimeUnixNano(time);
    }

    private static HistogramDataPoint.Builder histogramPoint(long count, List<Long> buckets, List<Double> bounds) {
        return HistogramDataPoint.newBuilder().setStartTimeUnixNano(START_NS).setTimeUnixNano(NOW_NS).setCount(count)
                .addAllBucketCounts(buckets).addAllExplicitBounds(bounds);
    }

    private static ExponentialHistogramDataPoint.Builder exponentialPoint(long count) {
        return ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(START_NS).setTimeUnixNano(NOW_NS)
                .setCount(count);
    }

    private static SummaryDataPoint.Builder summaryPoint(long count, double sum) {
        return SummaryDataPoint.newBuilder().setStartTimeUnixNano(START_NS).setTimeUnixNano(NOW_NS).setCount(count)
                .setSum(sum);
    }

    private static SummaryDataPoint.ValueAtQuantile quantile(double quantile, double value) {
        return SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(quantile).setValue(value).build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "cart"))
                        .addAttributes(kv("service.version", "1.2.3")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.runtime").setVersion("2.0"))
                        .addAllMetrics(List.of(metrics))))
                .build();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
