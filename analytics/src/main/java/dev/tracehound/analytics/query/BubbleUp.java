package dev.tracehound.analytics.query;

import dev.tracehound.analytics.SpanRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A BubbleUp question: what sets the {@code selection} apart from the rest of the
 * {@code base}? The selection is the base's spans that also meet every condition of
 * {@link Selection}; the baseline is the base's other spans.
 *
 * @param dimensions how many dimensions the answer lists, the most different first
 * @param values     how many values each listed dimension shows
 */
public record BubbleUp(SpanFilter base, Selection selection, int dimensions, int values) {

    static final int MAX_DIMENSIONS = 50;
    static final int MAX_VALUES = 20;

    public BubbleUp {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(selection, "selection");
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new InvalidQueryException("dimensions must be 1 to " + MAX_DIMENSIONS + ", was " + dimensions);
        }
        if (values < 1 || values > MAX_VALUES) {
            throw new InvalidQueryException("values must be 1 to " + MAX_VALUES + ", was " + values);
        }
        if (selection.from().isPresent() && !selection.from().get().isBefore(base.to())
                || selection.to().isPresent() && !selection.to().get().isAfter(base.from())) {
            throw new InvalidQueryException("the selection's time range lies outside the base window "
                    + base.from() + " to " + base.to() + "; select a range inside it");
        }
    }

    /** The ten most different dimensions, five values each. */
    public static BubbleUp of(SpanFilter base, Selection selection) {
        return new BubbleUp(base, selection, 10, 5);
    }

    public BubbleUp limitedTo(int maxDimensions, int maxValues) {
        return new BubbleUp(base, selection, maxDimensions, maxValues);
    }

    /**
     * Conditions that pick the selection out of the base, all of which must hold; at least one
     * is needed. A region of the duration heatmap is a time range with a duration range.
     *
     * @param from        spans starting at or after this instant
     * @param to          spans starting before this instant
     * @param minDuration spans lasting at least this long
     * @param maxDuration spans lasting at most this long
     */
    public record Selection(
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<Duration> minDuration,
            Optional<Duration> maxDuration,
            Optional<SpanRow.StatusCode> status,
            List<AttributeFilter> attributes) {

        public Selection {
            from = from == null ? Optional.empty() : from;
            to = to == null ? Optional.empty() : to;
            minDuration = minDuration == null ? Optional.empty() : minDuration;
            maxDuration = maxDuration == null ? Optional.empty() : maxDuration;
            status = status == null ? Optional.empty() : status;
            attributes = attributes == null ? List.of() : List.copyOf(attributes);
            if (from.isEmpty() && to.isEmpty() && minDuration.isEmpty() && maxDuration.isEmpty() && status.isEmpty()
                    && attributes.isEmpty()) {
                throw new InvalidQueryException("the selection is empty: give a time range, a duration range, a"
                        + " status or an attribute filter that picks the spans to explain out of the base");
            }
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                throw new InvalidQueryException("the selection's time range is empty: 'from' must be before 'to'");
            }
            minDuration.ifPresent(d -> requireNotNegative("the selection's minDuration", d));
            maxDuration.ifPresent(d -> requireNotNegative("the selection's maxDuration", d));
            if (minDuration.isPresent() && maxDuration.isPresent()
                    && minDuration.get().compareTo(maxDuration.get()) > 0) {
                throw new InvalidQueryException("the selection's minDuration is above its maxDuration");
            }
            if (attributes.size() > SpanFilter.MAX_ATTRIBUTE_FILTERS) {
                throw new InvalidQueryException("at most " + SpanFilter.MAX_ATTRIBUTE_FILTERS
                        + " attribute filters in a selection, got " + attributes.size());
            }
        }

        /** The spans with this status, e.g. the errors. */
        public static Selection status(SpanRow.StatusCode status) {
            return new Selection(null, null, null, null, Optional.of(status), null);
        }

        /** The spans lasting at least {@code min}: the slow band of the heatmap. */
        public static Selection slowerThan(Duration min) {
            return new Selection(null, null, Optional.of(min), null, null, null);
        }

        /** A region of the duration heatmap: spans starting in {@code [from, to)} lasting {@code min} to {@code max}. */
        static Selection region(Instant from, Instant to, Duration min, Duration max) {
            return new Selection(Optional.of(from), Optional.of(to), Optional.of(min), Optional.of(max), null, null);
        }

        /** The spans meeting the attribute filter. */
        static Selection attribute(AttributeFilter filter) {
            return new Selection(null, null, null, null, null, List.of(filter));
        }

        Selection withAttribute(AttributeFilter filter) {
            var all = new ArrayList<>(attributes);
            all.add(filter);
            return new Selection(from, to, minDuration, maxDuration, status, all);
        }

        Selection withStatus(SpanRow.StatusCode value) {
            return new Selection(from, to, minDuration, maxDuration, Optional.of(value), attributes);
        }

        Selection withTimeRange(Instant newFrom, Instant newTo) {
            return new Selection(Optional.of(newFrom), Optional.of(newTo), minDuration, maxDuration, status,
                    attributes);
        }

        private static void requireNotNegative(String name, Duration duration) {
            if (duration.isNegative()) {
                throw new InvalidQueryException(name + " is negative: " + duration);
            }
        }
    }
}
