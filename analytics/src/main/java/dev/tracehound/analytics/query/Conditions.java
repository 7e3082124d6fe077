package dev.tracehound.analytics.query;

import dev.tracehound.analytics.Sql;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WHERE clause built from parts: each condition is SQL of this package with placeholders,
 * and each value a caller gave is bound to one of them, never written into the text.
 */
final class Conditions {

    /**
     * Conditions on one attribute of a Nested attribute column of this package, {@code <column>};
     * {@code <key>} and {@code <value>} are placeholders bound to what the caller gave.
     */
    private static final String HAS_ATTRIBUTE = "has(<column>.key, <key>)";
    private static final String ATTRIBUTE_EQUALS = """
            (has(<column>.key, <key>) AND <column>.value[indexOf(<column>.key, <key>)] = <value>)""";
    private static final String ATTRIBUTE_NOT_EQUALS = """
            NOT (has(<column>.key, <key>) AND <column>.value[indexOf(<column>.key, <key>)] = <value>)""";
    private static final String ATTRIBUTE_CONTAINS = """
            (has(<column>.key, <key>) AND \
            positionCaseInsensitiveUTF8(<column>.value[indexOf(<column>.key, <key>)], <value>) > 0)""";

    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> params = new LinkedHashMap<>();

    Conditions and(String condition) {
        sql.append("  AND ").append(condition).append('\n');
        return this;
    }

    Conditions and(String condition, String name, Object value) {
        params.put(name, value);
        return and(condition);
    }

    Conditions bind(String name, Object value) {
        params.put(name, value);
        return this;
    }

    /**
     * The n-th attribute condition on {@code recordColumn} (the record's own Nested attribute
     * column) or {@code resource_attributes}; the column names are this package's own.
     */
    Conditions attribute(int n, AttributeFilter filter, String recordColumn) {
        params.put("attrKey" + n, filter.key());
        params.put("attrValue" + n, filter.value());
        return and(attribute(filter, recordColumn, "{attrKey" + n + ":String}", "{attrValue" + n + ":String}"));
    }

    /**
     * The filter as a condition on {@code recordColumn} or {@code resource_attributes}, its key
     * and value read from the placeholders {@code key} and {@code value}, which the caller binds.
     */
    static String attribute(AttributeFilter filter, String recordColumn, String key, String value) {
        String column = filter.scope() == AttributeFilter.Scope.RECORD ? recordColumn : "resource_attributes";
        if (filter.op() == AttributeFilter.Op.EXISTS) {
            return Fragments.fill(HAS_ATTRIBUTE, Map.of("column", column, "key", key));
        }
        return Fragments.fill(switch (filter.op()) {
            case EQUALS -> ATTRIBUTE_EQUALS;
            case NOT_EQUALS -> ATTRIBUTE_NOT_EQUALS;
            case CONTAINS -> ATTRIBUTE_CONTAINS;
            case EXISTS -> throw new AssertionError("handled above");
        }, Map.of("column", column, "key", key, "value", value));
    }

    String text() {
        return sql.toString();
    }

    Sql boundTo(String statement) {
        Sql bound = Sql.of(statement);
        for (var param : params.entrySet()) {
            bound = bound.bind(param.getKey(), param.getValue());
        }
        return bound;
    }
}
