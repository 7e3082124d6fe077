package dev.tracehound.ingest;

import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.ExponentialHistogram;
import dev.tracehound.analytics.MetricRow.Histogram;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint.ValueAtQuantile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * OTLP metrics to stored rows, one per data point: gauges, sums, explicit-bucket and
 * exponential histograms and summaries, with resource and scope folded in. A point that
 * cannot be stored is rejected alone, with a reason; the rest of the request goes on.
 *
 * <p>A point flagged NO_RECORDED_VALUE (the OTLP data model's explicit gap in a series, such
 * as a Prometheus staleness marker) carries no value to store: it is skipped, neither stored
 * nor rejected. Any other value is kept as sent, NaN and infinities included, as OTLP and
 * Prometheus allow them. Exemplars are dropped. Each row carries the data point's encoded size as
 * received (exemplars included), which the {@code ingested_bytes} meter sums.
 */
final class MetricNormalizer {

    static final int MAX_POINT_BYTES = 1024 * 1024;
    static final int MAX_UNIT_CHARS = 64;

    private final TimeCheck times;

    MetricNormalizer(TimeCheck times) {
        this.times = times;
    }

    /** Scrubs attribute values with {@code scrub} before anything else sees them. */
    Normalized<MetricRow> normalize(String projectId, Scrub scrub, ExportMetricsServiceRequest request) {
        var out = new Normalized.Builder<MetricRow>();
        long receivedAt = times.now();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            Map<String, String> resource =
                    scrub.attributes(AttributeText.of(resourceMetrics.getResource().getAttributesList()));
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                var context = new Context(projectId, resource, resource.getOrDefault("service.name", "unknown_service"),
                        scopeMetrics, receivedAt, scrub, out);
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    metric(context, metric);
                }
            }
        }
        return out.build();
    }

    /** What every point of one scope shares. */
    private record Context(String projectId, Map<String, String> resource, String service, ScopeMetrics scope,
            long receivedAt, Scrub scrub, Normalized.Builder<MetricRow> out) {}

    private void metric(Context context, Metric metric) {
        String what = kind(metric) + " '" + AttributeText.truncate(metric.getName(), 64) + "'";
        if (metric.getName().isEmpty()) {
            context.out().reject(what + ": a metric needs a name", points(metric));
            return;
        }
        switch (metric.getDataCase()) {
            case GAUGE -> {
                for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
                    number(context, metric, what, MetricType.GAUGE, Temporality.UNSPECIFIED, false, point);
                }
            }
            case SUM -> {
                Temporality temporality = temporality(metric.getSum().getAggregationTemporality());
                if (temporality == null) {
                    context.out().reject(what + ": aggregation temporality must be DELTA or CUMULATIVE", points(metric));
                    return;
                }
                for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                    number(context, metric, what, MetricType.SUM, temporality, metric.getSum().getIsMonotonic(), point);
                }
            }
            case HISTOGRAM -> {
                Temporality temporality = temporality(metric.getHistogram().getAggregationTemporality());
                if (temporality == null) {
                    context.out().reject(what + ": aggregation temporality must be DELTA or CUMULATIVE", points(metric));
                    return;
                }
                for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                    histogram(context, metric, what, temporality, point);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                Temporality temporality = temporality(metric.getExponentialHistogram().getAggregationTemporality());
                if (temporality == null) {
                    context.out().reject(what + ": aggregation temporality must be DELTA or CUMULATIVE", points(metric));
                    return;
                }
                for (ExponentialHistogramDataPoint point : metric.getExponentialHistogram().getDataPointsList()) {
                    exponentialHistogram(context, metric, what, temporality, point);
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
                    summary(context, metric, what, point);
                }
            }
            case DATA_NOT_SET -> {
                // No data, so no point to store or reject.
            }
        }
    }

    private void number(Context context, Metric metric, String what, MetricType type, Temporality temporality,
            boolean monotonic, NumberDataPoint point) {
        if (noRecordedValue(point.getFlags())) {
            return;
        }
        if (point.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
            context.out().reject(what + ": a data point needs as_double or as_int, or the NO_RECORDED_VALUE flag");
            return;
        }
        double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt() : point.getAsDouble();
        store(context, metric, what, type, temporality, monotonic, point.getStartTimeUnixNano(),
                point.getTimeUnixNano(), point.getAttributesList(), point.getSerializedSize(), value, null, null,
                null);
    }

    private void histogram(Context context, Metric metric, String what, Temporality temporality,
            HistogramDataPoint point) {
        if (noRecordedValue(point.getFlags())) {
            return;
        }
        Histogram histogram;
        try {
            histogram = new Histogram(point.getCount(),
                    point.hasSum() ? OptionalDouble.of(point.getSum()) : OptionalDouble.empty(),
                    point.hasMin() ? OptionalDouble.of(point.getMin()) : OptionalDouble.empty(),
                    point.hasMax() ? OptionalDouble.of(point.getMax()) : OptionalDouble.empty(),
                    point.getBucketCountsList(), point.getExplicitBoundsList());
        } catch (IllegalArgumentException e) {
            context.out().reject(what + ": " + e.getMessage());
            return;
        }
        store(context, metric, what, MetricType.HISTOGRAM, temporality, false, point.getStartTimeUnixNano(),
                point.getTimeUnixNano(), point.getAttributesList(), point.getSerializedSize(), 0, histogram, null, null);
    }

    private void exponentialHistogram(Context context, Metric metric, String what, Temporality temporality,
            ExponentialHistogramDataPoint point) {
        if (noRecordedValue(point.getFlags())) {
            return;
        }
        ExponentialHistogram histogram;
        try {
            histogram = new ExponentialHistogram(point.getCount(),
                    point.hasSum() ? OptionalDouble.of(point.getSum()) : OptionalDouble.empty(),
                    point.hasMin() ? OptionalDouble.of(point.getMin()) : OptionalDouble.empty(),
                    point.hasMax() ? OptionalDouble.of(point.getMax()) : OptionalDouble.empty(),
                    point.getScale(), point.getZeroCount(), point.getZeroThreshold(),
                    point.getPositive().getOffset(), point.getPositive().getBucketCountsList(),
                    point.getNegative().getOffset(), point.getNegative().getBucketCountsList());
        } catch (IllegalArgumentException e) {
            context.out().reject(what + ": " + e.getMessage());
            return;
        }
        store(context, metric, what, MetricType.EXPONENTIAL_HISTOGRAM, temporality, false,
                point.getStartTimeUnixNano(), point.getTimeUnixNano(), point.getAttributesList(),
                point.getSerializedSize(), 0, null, histogram, null);
    }

    /** OTLP summaries carry no aggregation temporality: stored as UNSPECIFIED, like gauges. */
    private void summary(Context context, Metric metric, String what, SummaryDataPoint point) {
        if (noRecordedValue(point.getFlags())) {
            return;
        }
        var quantiles = new ArrayList<Double>(point.getQuantileValuesCount());
        var values = new ArrayList<Double>(point.getQuantileValuesCount());
        for (ValueAtQuantile quantile : point.getQuantileValuesList()) {
            quantiles.add(quantile.getQuantile());
            values.add(quantile.getValue());
        }
        MetricRow.Summary summary;
        try {
            summary = new MetricRow.Summary(point.getCount(), point.getSum(), quantiles, values);
        } catch (IllegalArgumentException e) {
            context.out().reject(what + ": " + e.getMessage());
            return;
        }
        store(context, metric, what, MetricType.SUMMARY, Temporality.UNSPECIFIED, false, point.getStartTimeUnixNano(),
                point.getTimeUnixNano(), point.getAttributesList(), point.getSerializedSize(), 0, null, null, summary);
    }

    private void store(Context context, Metric metric, String what, MetricType type, Temporality temporality,
            boolean monotonic, long start, long time, List<KeyValue> pointAttributes, int pointBytes, double value,
            Histogram histogram, ExponentialHistogram exponential, MetricRow.Summary summary) {
        if (pointBytes > MAX_POINT_BYTES) {
            context.out().reject(what + ": a data point larger than " + MAX_POINT_BYTES / 1024 + " KiB ("
                    + pointBytes / 1024 + " KiB)");
            return;
        }
        if (start < 0 || time < 0) {
            context.out().reject(what + ": times must be below 2^63 ns");
            return;
        }
        Map<String, String> attributes = context.scrub().attributes(AttributeText.of(pointAttributes));
        var timing = times.point(start, time, context.receivedAt());
        timing.flag(attributes);
        var scope = context.scope().getScope();
        context.out().accept(new MetricRow(context.projectId(), AttributeText.truncate(metric.getName(),
                        AttributeText.MAX_KEY_CHARS),
                AttributeText.truncate(metric.getDescription(), AttributeText.MAX_VALUE_CHARS),
                AttributeText.truncate(metric.getUnit(), MAX_UNIT_CHARS), type, temporality, monotonic,
                context.service(), scope.getName(), scope.getVersion(), start, timing.start(), context.resource(),
                attributes, value, histogram, exponential, summary, pointBytes));
    }

    private static boolean noRecordedValue(int flags) {
        int mask = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
        return (flags & mask) == mask;
    }

    /** Null for UNSPECIFIED, which the specification forbids for sums and (exponential) histograms. */
    private static Temporality temporality(AggregationTemporality temporality) {
        return switch (temporality) {
            case AGGREGATION_TEMPORALITY_DELTA -> Temporality.DELTA;
            case AGGREGATION_TEMPORALITY_CUMULATIVE -> Temporality.CUMULATIVE;
            case AGGREGATION_TEMPORALITY_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    private static String kind(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> "gauge";
            case SUM -> "sum";
            case HISTOGRAM -> "histogram";
            case EXPONENTIAL_HISTOGRAM -> "exponential histogram";
            case SUMMARY -> "summary";
            case DATA_NOT_SET -> "metric";
        };
    }

    private static int points(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }
}
