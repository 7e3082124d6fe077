package dev.tracehound.analytics.query;

import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** What a metric's type allows, and the points of its series from the rows ClickHouse returned. */
final class MetricSeriesMath {

    private MetricSeriesMath() {}

    /** One measure of one group: a point per bucket, null where the bucket had no data. */
    record Line(List<String> key, String measure, Double[] points) {}

    /**
     * Gauges: sum, avg, min, max. Sums: those, and rate when they only go up or are all deltas
     * (the rate of a cumulative sum that can go down cannot tell a reset from a decrease).
     * Histograms: rate, avg, quantiles. Summaries: nothing.
     */
    static Set<MetricAggregation> allowed(MetricType type, boolean monotonic, Set<String> temporalities) {
        return switch (type) {
            case GAUGE -> EnumSet.of(MetricAggregation.SUM, MetricAggregation.AVG, MetricAggregation.MIN,
                    MetricAggregation.MAX);
            case SUM -> monotonic || !temporalities.contains("CUMULATIVE")
                    ? EnumSet.of(MetricAggregation.SUM, MetricAggregation.AVG, MetricAggregation.MIN,
                            MetricAggregation.MAX, MetricAggregation.RATE)
                    : EnumSet.of(MetricAggregation.SUM, MetricAggregation.AVG, MetricAggregation.MIN,
                            MetricAggregation.MAX);
            case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> EnumSet.of(MetricAggregation.RATE, MetricAggregation.AVG,
                    MetricAggregation.QUANTILES);
            case SUMMARY -> EnumSet.noneOf(MetricAggregation.class);
        };
    }

    static String notAllowed(MetricQuery query, MetricType type, Set<MetricAggregation> allowed) {
        String kind = type.name().toLowerCase().replace('_', ' ');
        if (allowed.isEmpty()) {
            return "'" + query.metric() + "' is a summary, whose quantiles the sender computed and which cannot be"
                    + " combined over series or time; metric queries do not read summaries";
        }
        String why = switch (query.aggregation()) {
            case RATE -> "rate needs a sum that only goes up (a counter) or delta sums, or a histogram";
            case QUANTILES -> "quantiles need a histogram or an exponential histogram";
            case SUM, MIN, MAX -> "sum, min and max are of gauges and sums";
            case AVG -> "avg is of gauges, sums and histograms";
        };
        return "'" + query.metric() + "' is a" + (kind.startsWith("e") ? "n " : " ") + kind
                + (type == MetricType.SUM ? " that can go down" : "") + ", so it cannot be aggregated by '"
                + query.aggregation().label() + "' (" + why + "); use one of "
                + allowed.stream().map(MetricAggregation::label).collect(Collectors.joining(", "));
    }

    /**
     * Sum, avg, min or max per group and bucket from rows of one series and bucket each: avg is
     * over every point, sum adds up each series' last value (a delta series: every value).
     */
    static List<Line> values(List<Row> rows, MetricQuery query, MetricIncreases.Grid grid) {
        record Acc(long[] points, double[] total, double[] low, double[] high, double[] summed) {
            Acc(int n) {
                this(new long[n], new double[n], filled(n, Double.POSITIVE_INFINITY),
                        filled(n, Double.NEGATIVE_INFINITY), new double[n]);
            }
        }
        var groups = new LinkedHashMap<List<String>, Acc>();
        for (Row row : rows) {
            int bucket = (int) (row.longValue("bucket") - grid.firstBucket());
            if (bucket < 0 || bucket >= grid.buckets()) {
                continue;
            }
            Acc acc = groups.computeIfAbsent(QueryParts.strings(row.fields().get("group_key")),
                    k -> new Acc(grid.buckets()));
            acc.points[bucket] += row.longValue("points");
            acc.total[bucket] += row.doubleValue("total");
            acc.low[bucket] = Math.min(acc.low[bucket], row.doubleValue("low"));
            acc.high[bucket] = Math.max(acc.high[bucket], row.doubleValue("high"));
            acc.summed[bucket] += row.string("temporality").equals("DELTA") ? row.doubleValue("total")
                    : row.doubleValue("last");
        }
        var lines = new ArrayList<Line>();
        groups.forEach((key, acc) -> {
            Double[] points = new Double[grid.buckets()];
            for (int b = 0; b < points.length; b++) {
                if (acc.points[b] > 0) {
                    points[b] = finite(switch (query.aggregation()) {
                        case SUM -> acc.summed[b];
                        case AVG -> acc.total[b] / acc.points[b];
                        case MIN -> acc.low[b];
                        case MAX -> acc.high[b];
                        case RATE, QUANTILES -> throw new IllegalStateException(query.aggregation() + " is counted");
                    });
                }
            }
            lines.add(new Line(key, query.aggregation().label(), points));
        });
        return lines;
    }

    /** Rate (per second of the bucket), avg (sum / count) or quantiles of what each group counted per bucket. */
    static List<Line> counted(Map<List<String>, Counted[]> groups, MetricQuery query, MetricIncreases.Grid grid) {
        double seconds = grid.widthNanos() / 1e9;
        var lines = new ArrayList<Line>();
        groups.forEach((key, buckets) -> {
            if (query.aggregation() == MetricAggregation.QUANTILES) {
                for (double q : query.quantiles()) {
                    lines.add(new Line(key, quantileLabel(q), map(buckets, c -> c.quantile(q))));
                }
            } else if (query.aggregation() == MetricAggregation.RATE) {
                lines.add(new Line(key, "rate", map(buckets, c -> c.total() / seconds)));
            } else {
                lines.add(new Line(key, "avg", map(buckets, c -> c.total() > 0 ? c.sum() / c.total() : Double.NaN)));
            }
        });
        return lines;
    }

    /** What a row of the points statement counted, by the metric's type. */
    static Counted counted(MetricType type, Row row) {
        return switch (type) {
            case SUM -> new Counted.Value(row.doubleValue("value"));
            case HISTOGRAM -> new ExplicitBuckets(doubles(row.fields().get("explicit_bounds")),
                    longs(row.fields().get("bucket_counts")), row.longValue("histogram_count"), nullableSum(row));
            case EXPONENTIAL_HISTOGRAM -> new ExponentialBuckets((int) row.longValue("exp_scale"),
                    row.longValue("exp_zero_count"),
                    new ExponentialBuckets.Side((int) row.longValue("exp_positive_offset"),
                            longs(row.fields().get("exp_positive_counts"))),
                    new ExponentialBuckets.Side((int) row.longValue("exp_negative_offset"),
                            longs(row.fields().get("exp_negative_counts"))),
                    nullableSum(row));
            case GAUGE, SUMMARY -> throw new IllegalStateException(type + " has no counts");
        };
    }

    /** The series, the largest groups first by the sum of their first measure's points, at most the query's limit. */
    static MetricSeries result(MetricQuery query, MetricType type, String unit, Duration width,
            MetricIncreases.Grid grid, List<Line> lines) {
        var byGroup = new LinkedHashMap<List<String>, List<Line>>();
        lines.forEach(line -> byGroup.computeIfAbsent(line.key(), k -> new ArrayList<>()).add(line));
        List<List<Line>> ranked = byGroup.values().stream()
                .sorted(Comparator.comparingDouble((List<Line> group) -> -weight(group.getFirst()))
                        .thenComparing(group -> String.join("\0", group.getFirst().key())))
                .toList();
        var series = new ArrayList<MetricSeries.Series>();
        ranked.stream().limit(query.limit()).flatMap(List::stream).forEach(line ->
                series.add(new MetricSeries.Series(line.key(), line.measure(), Arrays.asList(line.points()))));
        var starts = grid.starts();
        return new MetricSeries(query.metric(), type, unitOf(query.aggregation(), type, unit), query.aggregation(),
                width, starts, series, Math.max(0, ranked.size() - query.limit()));
    }

    /** p50, p95, p99.9: the quantile as a percentile. */
    static String quantileLabel(double q) {
        return "p" + BigDecimal.valueOf(q).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    private static String unitOf(MetricAggregation aggregation, MetricType type, String unit) {
        if (aggregation != MetricAggregation.RATE) {
            return unit;
        }
        return type == MetricType.SUM ? (unit.isEmpty() ? "1" : unit) + "/s" : "1/s";
    }

    private static double weight(Line line) {
        double sum = 0;
        for (Double point : line.points()) {
            sum += point == null ? 0 : point;
        }
        return sum;
    }

    private interface Measure {
        double of(Counted counted);
    }

    private static Double[] map(Counted[] buckets, Measure measure) {
        Double[] points = new Double[buckets.length];
        for (int b = 0; b < buckets.length; b++) {
            points[b] = buckets[b] == null ? null : finite(measure.of(buckets[b]));
        }
        return points;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    private static double nullableSum(Row row) {
        JsonNode sum = row.fields().get("histogram_sum");
        return sum == null || sum.isNull() ? Double.NaN : row.doubleValue("histogram_sum");
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = QueryParts.longOf(array.get(i));
        }
        return out;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = QueryParts.doubleOf(array.get(i));
        }
        return out;
    }
}
