package dev.tracehound.analytics.query;

import dev.tracehound.analytics.Sql;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WHERE clause built from parts: each condition is SQL of this package with placeholders,
 * and each value a caller gave is bound to one of them, never written into the text.
 */
final class Conditions {

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
        String column = filter.scope() == AttributeFilter.Scope.RECORD ? recordColumn : "resource_attributes";
        String key = "{attrKey" + n + ":String}";
        String value = "{attrValue" + n + ":String}";
        String has = "has(" + column + ".key, " + key + ")";
        String at = column + ".value[indexOf(" + column + ".key, " + key + ")]";
        params.put("attrKey" + n, filter.key());
        params.put("attrValue" + n, filter.value());
        return and(switch (filter.op()) {
            case EQUALS -> "(" + has + " AND " + at + " = " + value + ")";
            case NOT_EQUALS -> "NOT (" + has + " AND " + at + " = " + value + ")";
            case CONTAINS -> "(" + has + " AND positionCaseInsensitiveUTF8(" + at + ", " + value + ") > 0)";
            case EXISTS -> has;
        });
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
