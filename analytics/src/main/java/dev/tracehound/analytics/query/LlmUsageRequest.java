package dev.tracehound.analytics.query;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which LLM calls to sum up and how: the spans {@code filter} selects that are LLM calls (a
 * span with a model), overall or per group of up to {@value Aggregation#MAX_GROUP_BY}
 * dimensions, of which the {@code limit} costliest are kept and the rest summed as "other".
 *
 * @param groupBy e.g. {@link Aggregation.Field#LLM_MODEL}, {@link Aggregation.Field#SERVICE_NAME} or an attribute
 * @param limit   1 to {@value Aggregation#MAX_LIMIT}
 */
public record LlmUsageRequest(SpanFilter filter, List<Aggregation.Dimension> groupBy, int limit) {

    public LlmUsageRequest {
        Objects.requireNonNull(filter, "filter");
        groupBy = Aggregation.checkedGroupBy(groupBy);
        Aggregation.checkLimit(limit);
    }

    /** The calls' usage, overall. */
    static LlmUsageRequest of(SpanFilter filter) {
        return new LlmUsageRequest(filter, List.of(), Aggregation.DEFAULT_LIMIT);
    }

    LlmUsageRequest groupedBy(Aggregation.Dimension... dimensions) {
        return new LlmUsageRequest(filter, Arrays.asList(dimensions), limit);
    }

    LlmUsageRequest top(int groups) {
        return new LlmUsageRequest(filter, groupBy, groups);
    }
}
