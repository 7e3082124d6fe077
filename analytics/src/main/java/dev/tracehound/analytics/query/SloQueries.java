package dev.tracehound.analytics.query;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a service level objective counts: of the spans a filter selects (the valid ones), how many
 * were bad — failed, or slower than a threshold — in each of several windows ending at the same
 * instant. One scan of the longest window answers every window, so the burn-rate alerts' four
 * windows cost one query.
 */
public final class SloQueries {

    /** The valid and bad spans of one window ending at the filter's {@code to}. */
    public record WindowCounts(Duration window, long valid, long bad) {

        /** The share of bad spans, 0 without valid ones. */
        public double badRatio() {
            return valid == 0 ? 0 : (double) bad / valid;
        }
    }

    private static final String COUNTS = """
            SELECT <counts>
            FROM spans
            WHERE project_id = {project:String}
            <conditions>""";

    private static final String BAD = "(status_code = 'ERROR'<slower>)";

    private static final String SERIES = """
            SELECT intDiv(start_time_ns, {widthNs:UInt64}) AS bucket, count() AS valid, countIf(<bad>) AS bad
            FROM spans
            WHERE project_id = {project:String}
            <conditions>GROUP BY bucket
            ORDER BY bucket""";

    /** The valid and bad spans of one bucket of a series. */
    public record BucketCounts(Instant start, long valid, long bad) {}

    private final ProjectQueries queries;

    public SloQueries(ClickHouse clickHouse) {
        this.queries = new ProjectQueries(clickHouse);
    }

    /**
     * @param valid       the valid spans; its window must start at or before {@code to - longest window}
     * @param slowerThan  a valid span slower than this is bad too; empty: only failed spans are bad
     * @param windows     each ending at the filter's {@code to}, at most 8
     */
    public List<WindowCounts> counts(String projectId, SpanFilter valid, Optional<Duration> slowerThan,
            List<Duration> windows) {
        if (windows.isEmpty() || windows.size() > 8) {
            throw new InvalidQueryException("1 to 8 windows, got " + windows.size());
        }
        Conditions where = valid.where();
        String bad = bad(where, slowerThan);
        var counts = new ArrayList<String>();
        for (int i = 0; i < windows.size(); i++) {
            Instant start = valid.to().minus(windows.get(i));
            if (start.isBefore(valid.from())) {
                throw new InvalidQueryException("window " + windows.get(i) + " starts before the filter's from");
            }
            where.bind("start" + i, QueryParts.nanos(start));
            counts.add("countIf(start_time_ns >= {start" + i + ":UInt64}) AS valid" + i);
            counts.add("countIf(start_time_ns >= {start" + i + ":UInt64} AND " + bad + ") AS bad" + i);
        }
        Sql statement = where.boundTo(Fragments.fill(COUNTS, Map.of("counts", String.join(", ", counts),
                "conditions", where.text())));
        Row row = queries.query(projectId, statement).getFirst();
        var result = new ArrayList<WindowCounts>();
        for (int i = 0; i < windows.size(); i++) {
            result.add(new WindowCounts(windows.get(i), row.longValue("valid" + i), row.longValue("bad" + i)));
        }
        return result;
    }

    /** The valid and bad spans per bucket of {@code bucketWidth} (aligned to the epoch), buckets without spans left out. */
    public List<BucketCounts> series(String projectId, SpanFilter valid, Optional<Duration> slowerThan,
            Duration bucketWidth) {
        AggregateQueries.checkBucketWidth(valid.from(), valid.to(), bucketWidth);
        Conditions where = valid.where();
        String bad = bad(where, slowerThan);
        long widthNs = bucketWidth.toNanos();
        where.bind("widthNs", widthNs);
        Sql statement = where.boundTo(Fragments.fill(SERIES, Map.of("bad", bad, "conditions", where.text())));
        var buckets = new ArrayList<BucketCounts>();
        for (Row row : queries.query(projectId, statement)) {
            long startNs = row.longValue("bucket") * widthNs;
            buckets.add(new BucketCounts(Instant.ofEpochSecond(Math.floorDiv(startNs, 1_000_000_000L),
                    Math.floorMod(startNs, 1_000_000_000L)), row.longValue("valid"), row.longValue("bad")));
        }
        return buckets;
    }

    private static String bad(Conditions where, Optional<Duration> slowerThan) {
        slowerThan.ifPresent(threshold -> where.bind("slowerNs", threshold.toNanos()));
        return Fragments.fill(BAD, Map.of("slower", slowerThan.isPresent() ? " OR duration_ns > {slowerNs:UInt64}" : ""));
    }
}
