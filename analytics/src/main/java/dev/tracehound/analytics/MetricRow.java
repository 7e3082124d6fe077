package dev.tracehound.analytics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric data point as stored, following the OpenTelemetry metrics data model: a
 * gauge's or a sum's value, an explicit-bucket histogram, an exponential histogram or a
 * summary. Integer values arrive here as doubles. Attribute values are kept as their string
 * form, in the order they were given.
 *
 * @param value       the gauge's or sum's value (NaN and infinities allowed, as in OTLP); 0 for the other kinds
 * @param histogram   the buckets of a {@link MetricType#HISTOGRAM}; null for the other kinds
 * @param exponential the buckets of a {@link MetricType#EXPONENTIAL_HISTOGRAM}; null for the other kinds
 * @param summary     the quantiles of a {@link MetricType#SUMMARY}; null for the other kinds
 * @param ingestedBytes the data point's size as received, in OTLP's protobuf encoding (the
 *                      {@code ingested_bytes} meter); 0 for a point not received over OTLP
 */
public record MetricRow(
        String projectId,
        String name,
        String description,
        String unit,
        MetricType type,
        Temporality temporality,
        boolean monotonic,
        String serviceName,
        String scopeName,
        String scopeVersion,
        long startTimeNanos,
        long timeNanos,
        Map<String, String> resourceAttributes,
        Map<String, String> attributes,
        double value,
        Histogram histogram,
        ExponentialHistogram exponential,
        Summary summary,
        int ingestedBytes) {

    /** A point of any kind that was not received over OTLP (demo data, a row read back): 0 bytes ingested. */
    public MetricRow(String projectId, String name, String description, String unit, MetricType type,
            Temporality temporality, boolean monotonic, String serviceName, String scopeName, String scopeVersion,
            long startTimeNanos, long timeNanos, Map<String, String> resourceAttributes, Map<String, String> attributes,
            double value, Histogram histogram, ExponentialHistogram exponential, Summary summary) {
        this(projectId, name, description, unit, type, temporality, monotonic, serviceName, scopeName, scopeVersion,
                startTimeNanos, timeNanos, resourceAttributes, attributes, value, histogram, exponential, summary, 0);
    }

    /** A gauge, a sum or an explicit-bucket histogram: no exponential histogram, no summary. */
    public MetricRow(String projectId, String name, String description, String unit, MetricType type,
            Temporality temporality, boolean monotonic, String serviceName, String scopeName, String scopeVersion,
            long startTimeNanos, long timeNanos, Map<String, String> resourceAttributes, Map<String, String> attributes,
            double value, Histogram histogram) {
        this(projectId, name, description, unit, type, temporality, monotonic, serviceName, scopeName, scopeVersion,
                startTimeNanos, timeNanos, resourceAttributes, attributes, value, histogram, null, null);
    }

    public MetricRow {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        description = description == null ? "" : description;
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(type, "type");
        temporality = temporality == null ? Temporality.UNSPECIFIED : temporality;
        boolean unaggregated = type == MetricType.GAUGE || type == MetricType.SUMMARY;
        if (unaggregated != (temporality == Temporality.UNSPECIFIED)) {
            throw new IllegalArgumentException(unaggregated
                    ? "a " + kind(type) + " has no aggregation temporality"
                    : (type == MetricType.EXPONENTIAL_HISTOGRAM ? "an " : "a ") + kind(type)
                            + " needs a DELTA or CUMULATIVE aggregation temporality");
        }
        if (monotonic && type != MetricType.SUM) {
            throw new IllegalArgumentException("only a sum can be monotonic");
        }
        if ((type == MetricType.HISTOGRAM) != (histogram != null)) {
            throw new IllegalArgumentException("a histogram, and only a histogram, has buckets");
        }
        if ((type == MetricType.EXPONENTIAL_HISTOGRAM) != (exponential != null)) {
            throw new IllegalArgumentException(
                    "an exponential histogram, and only an exponential histogram, has exponential buckets");
        }
        if ((type == MetricType.SUMMARY) != (summary != null)) {
            throw new IllegalArgumentException("a summary, and only a summary, has quantiles");
        }
        serviceName = serviceName == null ? "" : serviceName;
        scopeName = scopeName == null ? "" : scopeName;
        scopeVersion = scopeVersion == null ? "" : scopeVersion;
        if (startTimeNanos < 0 || timeNanos < 0) {
            throw new IllegalArgumentException("metric times must not be negative");
        }
        resourceAttributes = resourceAttributes == null ? Map.of() : resourceAttributes;
        attributes = attributes == null ? Map.of() : attributes;
        if (ingestedBytes < 0) {
            throw new IllegalArgumentException("ingested bytes must not be negative");
        }
    }

    public enum MetricType { GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

    private static String kind(MetricType type) {
        return type.name().toLowerCase().replace('_', ' ');
    }

    /** Whether a sum or (exponential) histogram covers the time since the previous point or since its start. */
    public enum Temporality { UNSPECIFIED, DELTA, CUMULATIVE }

    /**
     * An explicit-bucket histogram, checked as the OTLP specification requires: bucket i
     * counts the values in (bounds[i-1], bounds[i]], the last one those above the last bound,
     * so there is one more count than bounds, unless both are empty (count and sum only).
     * Sum, min and max are optional.
     */
    public record Histogram(
            long count, OptionalDouble sum, OptionalDouble min, OptionalDouble max, List<Long> bucketCounts,
            List<Double> explicitBounds) {

        public Histogram {
            sum = sum == null ? OptionalDouble.empty() : sum;
            min = min == null ? OptionalDouble.empty() : min;
            max = max == null ? OptionalDouble.empty() : max;
            bucketCounts = bucketCounts == null ? List.of() : List.copyOf(bucketCounts);
            explicitBounds = explicitBounds == null ? List.of() : List.copyOf(explicitBounds);
            if (count < 0) {
                throw new IllegalArgumentException("count must be between 0 and 2^63-1");
            }
            if (bucketCounts.isEmpty() != explicitBounds.isEmpty()
                    || (!bucketCounts.isEmpty() && bucketCounts.size() != explicitBounds.size() + 1)) {
                throw new IllegalArgumentException(explicitBounds.size() + " explicit bounds need "
                        + (explicitBounds.isEmpty() ? "no" : Integer.toString(explicitBounds.size() + 1))
                        + " bucket counts, got " + bucketCounts.size());
            }
            for (int i = 0; i < explicitBounds.size(); i++) {
                double bound = explicitBounds.get(i);
                if (Double.isNaN(bound)) {
                    throw new IllegalArgumentException("explicit bound " + i + " is NaN");
                }
                if (i > 0 && bound <= explicitBounds.get(i - 1)) {
                    throw new IllegalArgumentException("explicit bounds must be strictly increasing, but bound " + i
                            + " (" + bound + ") follows " + explicitBounds.get(i - 1));
                }
            }
            if (!bucketCounts.isEmpty()) {
                long total = 0;
                for (long bucket : bucketCounts) {
                    if (bucket < 0) {
                        throw new IllegalArgumentException("bucket counts must be between 0 and 2^63-1");
                    }
                    total += bucket;
                    if (total < 0) {
                        throw new IllegalArgumentException("bucket counts add up to more than 2^63-1");
                    }
                }
                if (total != count) {
                    throw new IllegalArgumentException(
                            "bucket counts add up to " + total + ", but the count is " + count);
                }
            }
        }
    }

    /**
     * An exponential histogram, checked as the OTLP specification requires. Bucket boundaries
     * are powers of base = 2^(2^-scale): the positive bucket at index i (offset plus its
     * position in the counts) counts the values in (base^i, base^(i+1)], the negative buckets
     * the same for the absolute values of negative values, and zeroCount the values whose
     * absolute value is at most zeroThreshold. zeroCount and every bucket count add up to
     * count. Sum, min and max are optional.
     */
    public record ExponentialHistogram(
            long count, OptionalDouble sum, OptionalDouble min, OptionalDouble max, int scale, long zeroCount,
            double zeroThreshold, int positiveOffset, List<Long> positiveCounts, int negativeOffset,
            List<Long> negativeCounts) {

        public ExponentialHistogram {
            sum = sum == null ? OptionalDouble.empty() : sum;
            min = min == null ? OptionalDouble.empty() : min;
            max = max == null ? OptionalDouble.empty() : max;
            positiveCounts = positiveCounts == null ? List.of() : List.copyOf(positiveCounts);
            negativeCounts = negativeCounts == null ? List.of() : List.copyOf(negativeCounts);
            if (count < 0) {
                throw new IllegalArgumentException("count must be between 0 and 2^63-1");
            }
            if (zeroCount < 0) {
                throw new IllegalArgumentException("zero count must be between 0 and 2^63-1");
            }
            if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
                throw new IllegalArgumentException("zero threshold must be a finite number of at least 0, got "
                        + zeroThreshold);
            }
            long total = add(zeroCount, positiveCounts, "positive");
            total = add(total, negativeCounts, "negative");
            if (total != count) {
                throw new IllegalArgumentException("zero count and bucket counts add up to " + total
                        + ", but the count is " + count);
            }
        }

        private static long add(long total, List<Long> counts, String side) {
            for (long bucket : counts) {
                if (bucket < 0) {
                    throw new IllegalArgumentException(side + " bucket counts must be between 0 and 2^63-1");
                }
                total += bucket;
                if (total < 0) {
                    throw new IllegalArgumentException("zero count and bucket counts add up to more than 2^63-1");
                }
            }
            return total;
        }
    }

    /**
     * A summary: count and sum of the values observed, and the value at each of some quantiles
     * (0 to 1, strictly increasing; 0 is the minimum, 1 the maximum), quantiles[i] paired with
     * values[i]. Values may be NaN, as Prometheus reports a quantile with no observations.
     */
    public record Summary(long count, double sum, List<Double> quantiles, List<Double> values) {

        public Summary {
            quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
            values = values == null ? List.of() : List.copyOf(values);
            if (count < 0) {
                throw new IllegalArgumentException("count must be between 0 and 2^63-1");
            }
            if (quantiles.size() != values.size()) {
                throw new IllegalArgumentException(quantiles.size() + " quantiles need as many values, got "
                        + values.size());
            }
            for (int i = 0; i < quantiles.size(); i++) {
                double quantile = quantiles.get(i);
                if (!(quantile >= 0 && quantile <= 1)) {
                    throw new IllegalArgumentException("quantile " + i + " (" + quantile + ") is not between 0 and 1");
                }
                if (i > 0 && quantile <= quantiles.get(i - 1)) {
                    throw new IllegalArgumentException("quantiles must be strictly increasing, but quantile " + i
                            + " (" + quantile + ") follows " + quantiles.get(i - 1));
                }
            }
        }
    }
}
