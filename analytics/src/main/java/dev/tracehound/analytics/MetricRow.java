package dev.tracehound.analytics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One metric data point as stored, following the OpenTelemetry metrics data model: a
 * gauge's or a sum's value, or an explicit-bucket histogram. Integer values arrive here as
 * doubles. Attribute values are kept as their string form, in the order they were given.
 *
 * @param value     the gauge's or sum's value (NaN and infinities allowed, as in OTLP); 0 for a histogram
 * @param histogram the buckets of a {@link MetricType#HISTOGRAM}; null for the other kinds
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
        Histogram histogram) {

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
        if ((type == MetricType.GAUGE) != (temporality == Temporality.UNSPECIFIED)) {
            throw new IllegalArgumentException(type == MetricType.GAUGE
                    ? "a gauge has no aggregation temporality"
                    : "a " + type.name().toLowerCase() + " needs a DELTA or CUMULATIVE aggregation temporality");
        }
        if (monotonic && type != MetricType.SUM) {
            throw new IllegalArgumentException("only a sum can be monotonic");
        }
        if ((type == MetricType.HISTOGRAM) != (histogram != null)) {
            throw new IllegalArgumentException("a histogram, and only a histogram, has buckets");
        }
        serviceName = serviceName == null ? "" : serviceName;
        scopeName = scopeName == null ? "" : scopeName;
        scopeVersion = scopeVersion == null ? "" : scopeVersion;
        if (startTimeNanos < 0 || timeNanos < 0) {
            throw new IllegalArgumentException("metric times must not be negative");
        }
        resourceAttributes = resourceAttributes == null ? Map.of() : resourceAttributes;
        attributes = attributes == null ? Map.of() : attributes;
    }

    public enum MetricType { GAUGE, SUM, HISTOGRAM }

    /** Whether a sum or histogram covers the time since the previous point or since its start. */
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
}
