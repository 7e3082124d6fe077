package dev.tracehound.analytics.query;

import java.util.List;

/**
 * What a trace explorer suggests while someone writes a filter: the attribute keys spans carry,
 * or the values of one key, most frequent first.
 *
 * @param truncated whether there were more than those listed
 */
public record SpanFields<T>(List<T> items, boolean truncated) {

    public SpanFields {
        items = List.copyOf(items);
    }

    /** An attribute key of the spans' own attributes ({@code RECORD}) or of their resources. */
    public record Key(AttributeFilter.Scope scope, String key, long spans) {}

    /** A value of a key, and how many spans in the range carry it. */
    public record Value(String value, long spans) {}
}
