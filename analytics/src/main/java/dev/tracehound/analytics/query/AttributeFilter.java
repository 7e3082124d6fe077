package dev.tracehound.analytics.query;

import java.util.Objects;

/**
 * One condition on attributes: those of the record itself (a span's, a log record's) or of
 * its resource. {@code NOT_EQUALS} also matches records without the attribute;
 * {@code CONTAINS} ignores case; {@code EXISTS} ignores the value.
 */
public record AttributeFilter(Scope scope, String key, Op op, String value) {

    public enum Scope { RECORD, RESOURCE }

    public enum Op { EQUALS, NOT_EQUALS, CONTAINS, EXISTS }

    public AttributeFilter {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(op, "op");
        if (key == null || key.isBlank()) {
            throw new InvalidQueryException("an attribute filter needs a key");
        }
        value = value == null ? "" : value;
    }
}
