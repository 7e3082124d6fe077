package dev.tracehound.app.api;

import dev.tracehound.analytics.query.AttributeFilter;
import dev.tracehound.analytics.query.Aggregation;
import dev.tracehound.analytics.query.LlmUsageRequest;
import java.util.List;
import java.util.Optional;

/**
 * An aggregate (or time series) of the spans {@code filter} selects.
 *
 * @param measure what the value measures are computed over: a numeric attribute; duration when absent
 * @param groupBy up to three dimensions
 * @param limit   the largest groups shown, 1 to 100 (10 by default); the rest are one "other" group
 */
record AggregationBody(SpanFilterBody filter, DimensionBody measure, List<DimensionBody> groupBy, Integer limit) {

    Aggregation toAggregation() {
        Aggregation aggregation = new Aggregation(SpanFilterBody.required(filter), Optional.empty(), dimensions(groupBy),
                limit == null ? Aggregation.DEFAULT_LIMIT : limit);
        if (measure != null) {
            if (!(measure.toDimension() instanceof Aggregation.Attribute attribute)) {
                throw new InvalidRequestException("'measure' is a numeric attribute ({\"attribute\": \"key\"}); "
                        + "leave it out to measure duration");
            }
            aggregation = aggregation.measuring(attribute);
        }
        return aggregation;
    }

    LlmUsageRequest toLlmUsage() {
        return new LlmUsageRequest(SpanFilterBody.required(filter), dimensions(groupBy),
                limit == null ? Aggregation.DEFAULT_LIMIT : limit);
    }

    private static List<Aggregation.Dimension> dimensions(List<DimensionBody> bodies) {
        return bodies == null ? List.of() : bodies.stream().map(DimensionBody::toDimension).toList();
    }

    /**
     * A field ({@code {"field": "service_name"}}: service_name, name, status_code, kind,
     * scope_name, llm_system, llm_model) or an attribute ({@code {"attribute":
     * "payment.provider"}}, with {@code "scope": "resource"} for a resource attribute).
     */
    record DimensionBody(String field, String attribute, AttributeFilter.Scope scope) {

        Aggregation.Dimension toDimension() {
            if ((field == null) == (attribute == null)) {
                throw new InvalidRequestException(
                        "a dimension is either {\"field\": \"service_name\"} or {\"attribute\": \"key\"}, not both or none");
            }
            return field != null ? Aggregation.Field.named(field)
                    : new Aggregation.Attribute(scope == null ? AttributeFilter.Scope.RECORD : scope, attribute);
        }
    }
}
