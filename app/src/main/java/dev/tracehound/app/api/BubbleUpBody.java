package dev.tracehound.app.api;

import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.query.BubbleUp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * BubbleUp: what sets the {@code selection} apart from the rest of the spans {@code filter}
 * selects (the baseline).
 *
 * @param dimensions how many dimensions to return, 1 to 50 (10 by default)
 * @param values     how many values of each, 1 to 20 (5 by default)
 */
record BubbleUpBody(SpanFilterBody filter, SelectionBody selection, Integer dimensions, Integer values) {

    BubbleUp toBubbleUp() {
        if (selection == null) {
            throw new InvalidRequestException("'selection' is required: a time range, a duration range, a status "
                    + "or attribute filters that pick the spans to explain");
        }
        return new BubbleUp(SpanFilterBody.required(filter), selection.toSelection(),
                dimensions == null ? 10 : dimensions, values == null ? 5 : values);
    }

    /**
     * The spans to explain, within the filter: a region of the heatmap ({@code from},
     * {@code to}, {@code minDurationMs}, {@code maxDurationMs}), a {@code status}, and/or
     * attribute filters.
     */
    record SelectionBody(Instant from, Instant to, Double minDurationMs, Double maxDurationMs,
            SpanRow.StatusCode status, List<SpanFilterBody.AttributeFilterBody> attributes) {

        BubbleUp.Selection toSelection() {
            return new BubbleUp.Selection(Optional.ofNullable(from), Optional.ofNullable(to),
                    SpanFilterBody.millis("selection.minDurationMs", minDurationMs),
                    SpanFilterBody.millis("selection.maxDurationMs", maxDurationMs), Optional.ofNullable(status),
                    SpanFilterBody.AttributeFilterBody.toFilters(attributes));
        }
    }
}
