package dev.tracehound.agent.offline;

import tools.jackson.databind.JsonNode;

/**
 * The figures the aggregate tool gives for a group of spans (durations in ms); a percentile the
 * tool gave none of is NaN.
 */
record Measured(long count, long errors, double errorRate, double avg, double p50, double p90, double p95,
        double p99, double max) {

    static final Measured NONE = new Measured(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    static Measured of(JsonNode group) {
        if (group == null || !group.isObject()) {
            return NONE;
        }
        long count = group.path("count").asLong(0);
        long errors = group.path("errors").asLong(0);
        return new Measured(count, errors, count == 0 ? 0 : (double) errors / count, number(group, "avg"),
                number(group, "p50"), number(group, "p90"), number(group, "p95"), number(group, "p99"),
                number(group, "max"));
    }

    /** One of p50, p90, p95, p99, avg or max; NaN for another. */
    double measure(String name) {
        return switch (name) {
            case "p50" -> p50;
            case "p90" -> p90;
            case "p95" -> p95;
            case "p99" -> p99;
            case "avg" -> avg;
            case "max" -> max;
            default -> Double.NaN;
        };
    }

    private static double number(JsonNode group, String field) {
        JsonNode node = group.path(field);
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
