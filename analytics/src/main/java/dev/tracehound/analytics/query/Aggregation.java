package dev.tracehound.analytics.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What to aggregate: the spans {@code filter} selects, measured by their duration in
 * nanoseconds or by a numeric attribute, overall or per group of up to
 * {@value #MAX_GROUP_BY} dimensions, of which the {@code limit} largest groups (by span
 * count) are kept and the rest folded into one "other" group.
 *
 * @param measure the numeric attribute measured; empty measures {@code duration_ns}
 * @param groupBy the dimensions groups are made of, in order; empty for one overall group
 * @param limit   how many groups (or time series) are kept apart from "other", 1 to {@value #MAX_LIMIT}
 */
public record Aggregation(SpanFilter filter, Optional<Attribute> measure, List<Dimension> groupBy, int limit) {

    static final int MAX_GROUP_BY = 3;
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public Aggregation {
        Objects.requireNonNull(filter, "filter");
        measure = measure == null ? Optional.empty() : measure;
        groupBy = checkedGroupBy(groupBy);
        checkLimit(limit);
    }

    /** The spans' durations, overall. */
    public static Aggregation of(SpanFilter filter) {
        return new Aggregation(filter, Optional.empty(), List.of(), DEFAULT_LIMIT);
    }

    /** Measures the attribute's numeric values instead of durations. */
    public Aggregation measuring(Attribute attribute) {
        return new Aggregation(filter, Optional.of(attribute), groupBy, limit);
    }

    public Aggregation groupedBy(Dimension... dimensions) {
        return new Aggregation(filter, measure, Arrays.asList(dimensions), limit);
    }

    public Aggregation top(int groups) {
        return new Aggregation(filter, measure, groupBy, groups);
    }

    /** What spans are grouped by: one of their fields, or an attribute's value. */
    public sealed interface Dimension permits Field, Attribute {

        /** A field's name (e.g. {@code service_name}) or an attribute's key, for labels. */
        String label();
    }

    /** The span fields spans can be grouped by; enums are grouped by their names. */
    public enum Field implements Dimension {
        SERVICE_NAME("service_name"),
        NAME("name"),
        STATUS_CODE("toString(status_code)"),
        KIND("toString(kind)"),
        SCOPE_NAME("scope_name"),
        LLM_SYSTEM("llm_system"),
        LLM_MODEL("llm_model");

        /** This package's own SQL for the field's value as a String. */
        final String expression;

        Field(String expression) {
            this.expression = expression;
        }

        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The field of that name ({@code service_name}, {@code status_code}, ...), in any case.
         *
         * @throws IllegalArgumentException naming the fields there are
         */
        public static Field named(String name) {
            for (Field field : values()) {
                if (field.label().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return field;
                }
            }
            throw new InvalidQueryException("unknown field '" + name + "'; group by one of "
                    + Arrays.stream(values()).map(Field::label).collect(Collectors.joining(", "))
                    + ", or by an attribute");
        }
    }

    /**
     * An attribute of the span itself ({@code RECORD}) or of its resource, by key. A span
     * without it has the empty string as its value when grouped, and no value when measured.
     */
    public record Attribute(AttributeFilter.Scope scope, String key) implements Dimension {

        public Attribute {
            Objects.requireNonNull(scope, "scope");
            if (key == null || key.isBlank()) {
                throw new InvalidQueryException("an attribute needs a key");
            }
        }

        public static Attribute span(String key) {
            return new Attribute(AttributeFilter.Scope.RECORD, key);
        }

        public static Attribute resource(String key) {
            return new Attribute(AttributeFilter.Scope.RESOURCE, key);
        }

        @Override
        public String label() {
            return key;
        }

        /** The Nested column holding it; the names are this package's own. */
        String column() {
            return scope == AttributeFilter.Scope.RECORD ? "span_attributes" : "resource_attributes";
        }
    }

    static List<Dimension> checkedGroupBy(List<Dimension> groupBy) {
        List<Dimension> dimensions = groupBy == null ? List.of() : new ArrayList<>(groupBy);
        if (dimensions.size() > MAX_GROUP_BY) {
            throw new InvalidQueryException("group by at most " + MAX_GROUP_BY + " fields or attributes, got "
                    + dimensions.size());
        }
        var seen = new HashSet<Dimension>();
        for (Dimension dimension : dimensions) {
            Objects.requireNonNull(dimension, "a group-by dimension is null");
            if (!seen.add(dimension)) {
                throw new InvalidQueryException("'" + dimension.label() + "' is grouped by twice; name it once");
            }
        }
        return List.copyOf(dimensions);
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("the number of groups kept must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }
}
