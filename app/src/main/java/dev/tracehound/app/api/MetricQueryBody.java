package dev.tracehound.app.api;

import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.MetricAggregation;
import dev.tracehound.analytics.query.MetricQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A metric's series over time, as the query API takes it.
 *
 * @param aggregation {@code sum}, {@code avg}, {@code min}, {@code max}, {@code rate} or {@code quantiles}
 * @param quantiles   for {@code quantiles}: each strictly between 0 and 1; p50, p90, p95 and p99 when absent
 * @param groupBy     up to three attributes: {@code {"attribute": "http.route"}}, with
 *                    {@code "scope": "resource"} for a resource attribute
 * @param attributes  conditions on the data points' attributes (or, with {@code "scope": "resource"},
 *                    their resources'), as in span filters
 * @param limit       groups returned, 1 to 50 (10 by default)
 */
record MetricQueryBody(String metric, Instant from, Instant to, String aggregation, List<Double> quantiles,
        List<GroupKeyBody> groupBy, String service, List<SpanFilterBody.AttributeFilterBody> attributes,
        Integer limit) {

    MetricQuery toQuery() {
        SpanFilterBody.requireWindow(from, to);
        if (aggregation == null || aggregation.isBlank()) {
            throw new InvalidRequestException("'aggregation' is required: sum, avg, min, max, rate or quantiles");
        }
        return new MetricQuery(metric, from, to, MetricAggregation.parse(aggregation), quantiles,
                groupBy == null ? List.of() : groupBy.stream().map(GroupKeyBody::toKey).toList(),
                Optional.ofNullable(service), SpanFilterBody.AttributeFilterBody.toFilters(attributes),
                limit == null ? MetricQuery.DEFAULT_LIMIT : limit);
    }

    /** An attribute whose values make groups; {@code scope} {@code record} (the data point's, the default) or {@code resource}. */
    record GroupKeyBody(String attribute, AttributeFilter.Scope scope) {

        MetricQuery.GroupKey toKey() {
            if (attribute == null || attribute.isBlank()) {
                throw new InvalidRequestException("a group-by is {\"attribute\": \"key\"}, with \"scope\": \"resource\""
                        + " for a resource attribute");
            }
            return new MetricQuery.GroupKey(scope, attribute);
        }
    }
}
