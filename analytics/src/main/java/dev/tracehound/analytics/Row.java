package dev.tracehound.analytics;

import tools.jackson.databind.JsonNode;

/** One result row of a query, read by column name. */
public record Row(JsonNode fields) {

    public String string(String column) {
        return field(column).asString();
    }

    /** ClickHouse quotes 64-bit integers in JSON; this reads both forms. */
    public long longValue(String column) {
        JsonNode node = field(column);
        return node.isNumber() ? node.longValue() : Long.parseLong(node.asString());
    }

    public double doubleValue(String column) {
        JsonNode node = field(column);
        return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asString());
    }

    private JsonNode field(String column) {
        JsonNode node = fields.get(column);
        if (node == null) {
            throw new IllegalArgumentException("no column " + column + " in " + fields.propertyNames());
        }
        return node;
    }
}
