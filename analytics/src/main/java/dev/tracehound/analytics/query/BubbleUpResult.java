package dev.tracehound.analytics.query;

import java.util.List;

/**
 * What sets a selection apart from its baseline: the dimensions whose values differ most
 * between the two, highest score first. {@link BubbleUpQueries} explains the score.
 *
 * @param selectionSpans      spans in the selection
 * @param baselineSpans       spans in the baseline (the rest of the base)
 * @param sampled             whether the value counts are estimates from a sample of the spans
 *                            (shares are then estimates too); false means they are exact
 * @param dimensionsCompared  how many dimensions were compared, listed or not
 */
public record BubbleUpResult(long selectionSpans, long baselineSpans, boolean sampled, int dimensionsCompared,
        List<Dimension> dimensions) {

    public BubbleUpResult {
        dimensions = List.copyOf(dimensions);
    }

    /** Where a dimension's values come from. */
    public enum Source {
        /** A column of every span: service, span_name, kind, status, scope or duration. */
        FIELD,
        SPAN_ATTRIBUTE,
        RESOURCE_ATTRIBUTE
    }

    /** How to read a {@link Value#value()}. */
    public enum Kind {
        /** The value itself. */
        VALUE,
        /** A range of a numeric dimension, written {@code [lower, upper)}. */
        RANGE,
        /** The span has no such attribute. */
        MISSING,
        /** Any value not listed separately, or text in a numeric dimension. */
        OTHER
    }

    /**
     * One field or attribute key.
     *
     * @param score  the highest {@link Value#score()} of its values: 0 means no value is reliably
     *               more common in the selection; below {@link BubbleUpQueries#NO_DIFFERENCE_BELOW}
     *               means no notable difference
     * @param values the values over-represented in the selection first, by score, then by how
     *               far their shares differ
     */
    public record Dimension(Source source, String key, double score, List<Value> values) {

        public Dimension {
            values = List.copyOf(values);
        }
    }

    /**
     * One value of a dimension.
     *
     * @param selectionShare of the selection's spans, those with this value
     * @param baselineShare  of the baseline's spans, those with this value
     * @param expectedShare  the share the selection would have if its spans were like the
     *                       baseline's spans of the same operations (service and span name);
     *                       for the service and span name themselves, the baseline share
     * @param score          how much more common the value is in the selection than expected,
     *                       after allowing for chance: {@code selectionShare - expectedShare}
     *                       less three standard errors, and at least 0
     */
    public record Value(String value, Kind kind, long selectionCount, long baselineCount, double selectionShare,
            double baselineShare, double expectedShare, double score) {}
}
