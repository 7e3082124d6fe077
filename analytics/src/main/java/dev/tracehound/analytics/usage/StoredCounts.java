package dev.tracehound.analytics.usage;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Sql;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one project has stored per UTC day: spans, log records and metric points, counted in the
 * tables themselves, and the bytes those rows were received as (their {@code ingested_bytes}
 * summed). Ingest stores a batch once however often it is delivered (the batch ledger), so these
 * counts bill each row, and its bytes, once. Blocking: call it from a thread of its own.
 */
public final class StoredCounts {

    /**
     * One day of a project's storage; a day without rows is not listed.
     *
     * @param ingestedBytes the bytes its spans, log records and metric points were received as, all together
     */
    public record StoredDay(LocalDate day, long spans, long logRecords, long metricPoints, long ingestedBytes) {}

    /** One table's rows and their bytes on one day. */
    private record TableDay(long rows, long bytes) {
        static final TableDay NONE = new TableDay(0, 0);
    }

    private static final String ROWS_PER_DAY = """
            SELECT toString(toDate(timestamp)) AS day, count() AS stored, sum(ingested_bytes) AS bytes
            FROM <table>
            WHERE project_id = {project:String} AND timestamp >= {from:DateTime} AND timestamp < {to:DateTime}
            GROUP BY day""";

    private final ClickHouse clickHouse;

    public StoredCounts(ClickHouse clickHouse) {
        this.clickHouse = Objects.requireNonNull(clickHouse, "clickHouse");
    }

    /** The project's rows per day from {@code from} up to but not including {@code toExclusive}, earliest first. */
    public List<StoredDay> perDay(String projectId, LocalDate from, LocalDate toExclusive) {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("counting stored rows needs a project");
        }
        var spans = count("spans", projectId, from, toExclusive);
        var logs = count("logs", projectId, from, toExclusive);
        var metrics = count("metrics", projectId, from, toExclusive);
        var days = new TreeMap<LocalDate, Boolean>();
        spans.keySet().forEach(day -> days.put(day, true));
        logs.keySet().forEach(day -> days.put(day, true));
        metrics.keySet().forEach(day -> days.put(day, true));
        var out = new ArrayList<StoredDay>();
        for (LocalDate day : days.keySet()) {
            TableDay span = spans.getOrDefault(day, TableDay.NONE);
            TableDay log = logs.getOrDefault(day, TableDay.NONE);
            TableDay metric = metrics.getOrDefault(day, TableDay.NONE);
            out.add(new StoredDay(day, span.rows(), log.rows(), metric.rows(), span.bytes() + log.bytes() + metric.bytes()));
        }
        return out;
    }

    private TreeMap<LocalDate, TableDay> count(String table, String projectId, LocalDate from, LocalDate toExclusive) {
        var sql = Sql.of(ROWS_PER_DAY.replace("<table>", table))
                .bind("project", projectId)
                .bind("from", from.atStartOfDay(ZoneOffset.UTC).toInstant())
                .bind("to", toExclusive.atStartOfDay(ZoneOffset.UTC).toInstant());
        var counts = new TreeMap<LocalDate, TableDay>();
        clickHouse.query(sql).forEach(row -> counts.put(LocalDate.parse(row.string("day")),
                new TableDay(row.longValue("stored"), row.longValue("bytes"))));
        return counts;
    }
}
