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
    void exponentialHistogramsAndSummariesAreRejectedWithAReasonPerMetricAndCountedPerPoint() {
        var exponential = Metric.newBuilder().setName("rpc.duration")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setCount(1))
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setCount(2))
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setCount(3)))
                .build();
        var summary = Metric.newBuilder().setName("go_gc_duration_seconds")
                .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(NOW_NS)
                        .setCount(2).setSum(0.5)))
                .build();
        var gauge = Metric.newBuilder().setName("kept")
                .setGauge(Gauge.newBuilder().addDataPoints(point(NOW_NS).setAsDouble(1))).build();

        var result = normalizer.normalize("p1", SCRUB, request(exponential, summary, gauge));

        assertThat(result.rows()).extracting(MetricRow::name).containsExactly("kept");
        assertThat(result.rejected()).isEqualTo(4);
        assertThat(result.message()).isEqualTo("exponential histogram 'rpc.duration': exponential histograms are not "
                + "supported yet; export explicit-bucket histograms (3 times); summary 'go_gc_duration_seconds': "
                + "summaries are not supported yet; export histograms");
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
