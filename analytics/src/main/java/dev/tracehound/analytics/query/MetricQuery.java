package dev.tracehound.analytics.query;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A series over time of one metric: its data points in {@code [from, to)} that match every
 * filter, per time bucket, overall or per group of up to {@value #MAX_GROUP_BY} attribute
 * values, of which the {@code limit} largest groups are kept.
 *
 * @param metric    the metric's name, exactly as sent
 * @param quantiles for {@link MetricAggregation#QUANTILES}: each strictly between 0 and 1;
 *                  empty asks for p50, p90, p95 and p99
 * @param groupBy   attribute keys (of the data point or of its resource) whose values make the groups
 * @param service   only the points of this service (the resource's service.name)
 * @param filters   attribute conditions: {@link AttributeFilter.Scope#RECORD} on the data point's
 *                  own attributes, {@code RESOURCE} on its resource's
 * @param limit     groups kept, 1 to {@value #MAX_LIMIT}; the others are counted, not returned
 */
public record MetricQuery(String metric, Instant from, Instant to, MetricAggregation aggregation,
        List<Double> quantiles, List<GroupKey> groupBy, Optional<String> service, List<AttributeFilter> filters,
        int limit) {

    public static final int MAX_GROUP_BY = 3;
    public static final int MAX_QUANTILES = 10;
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 50;
    public static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.95, 0.99);

    public MetricQuery {
        if (metric == null || metric.isBlank()) {
            throw new InvalidQueryException("a metric query needs the metric's name ('metric')");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        QueryParts.checkWindow(from, to);
        if (aggregation == null) {
            throw new InvalidQueryException("a metric query needs an aggregation: one of "
                    + MetricAggregation.names());
        }
        quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
        if (!quantiles.isEmpty() && aggregation != MetricAggregation.QUANTILES) {
            throw new InvalidQueryException("quantiles are only for the aggregation 'quantiles', not '"
                    + aggregation.label() + "'");
        }
        if (quantiles.size() > MAX_QUANTILES) {
            throw new InvalidQueryException("at most " + MAX_QUANTILES + " quantiles, got " + quantiles.size());
        }
        for (double q : quantiles) {
            if (!(q > 0 && q < 1)) {
                throw new InvalidQueryException("a quantile is strictly between 0 and 1 (0.95 for p95), got " + q);
            }
        }
        if (aggregation == MetricAggregation.QUANTILES && quantiles.isEmpty()) {
            quantiles = DEFAULT_QUANTILES;
        }
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        if (groupBy.size() > MAX_GROUP_BY) {
            throw new InvalidQueryException("group by at most " + MAX_GROUP_BY + " attribute keys, got "
                    + groupBy.size());
        }
        if (new HashSet<>(groupBy).size() < groupBy.size()) {
            throw new InvalidQueryException("an attribute key is grouped by twice: " + groupBy);
        }
        service = service == null ? Optional.empty() : service.filter(s -> !s.isBlank());
        filters = filters == null ? List.of() : List.copyOf(filters);
        if (filters.size() > SpanFilter.MAX_ATTRIBUTE_FILTERS) {
            throw new InvalidQueryException("at most " + SpanFilter.MAX_ATTRIBUTE_FILTERS
                    + " attribute filters, got " + filters.size());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("the limit of groups is 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The metric over the window, overall, with defaults for the rest. */
    public static MetricQuery of(String metric, Instant from, Instant to, MetricAggregation aggregation) {
        return new MetricQuery(metric, from, to, aggregation, List.of(), List.of(), Optional.empty(), List.of(),
                DEFAULT_LIMIT);
    }

    public MetricQuery withQuantiles(Double... values) {
        return new MetricQuery(metric, from, to, aggregation, List.of(values), groupBy, service, filters, limit);
    }

    public MetricQuery groupedBy(GroupKey... keys) {
        return new MetricQuery(metric, from, to, aggregation, quantiles, List.of(keys), service, filters, limit);
    }

    public MetricQuery where(AttributeFilter... conditions) {
        return new MetricQuery(metric, from, to, aggregation, quantiles, groupBy, service, List.of(conditions),
                limit);
    }

    /** An attribute key whose values make groups: the data point's own, or its resource's. */
    public record GroupKey(AttributeFilter.Scope scope, String key) {

        public GroupKey {
            scope = scope == null ? AttributeFilter.Scope.RECORD : scope;
            if (key == null || key.isBlank()) {
                throw new InvalidQueryException("a group-by needs an attribute key");
            }
        }

        public static GroupKey point(String key) {
            return new GroupKey(AttributeFilter.Scope.RECORD, key);
        }

        public static GroupKey resource(String key) {
            return new GroupKey(AttributeFilter.Scope.RESOURCE, key);
        }

        /** The key as the result labels it: resource keys prefixed {@code resource:}. */
        public String label() {
            return scope == AttributeFilter.Scope.RESOURCE ? "resource:" + key : key;
        }
    }
}
