package dev.tracehound.analytics.retention;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.retention.RetentionPlan.DayRows;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Deletes the rows of spans, logs, the trace index and metrics that are older than their
 * project's retention, on ClickHouse 18.16 (which has no TTL) and current servers alike.
 *
 * <p>A row goes once its whole UTC day is older than its project's retention (with 30 days, a
 * row of 5 November goes on 6 December at midnight UTC). Per table: a day's partition where every
 * project is expired is dropped whole, which is instant; the expired rows of the other days go in
 * one mutation ({@code ALTER TABLE … DELETE}) covering every expired project, which ClickHouse
 * runs in the background. While a mutation of a table is still running no other is issued for it:
 * the next run deletes what remains. Projects missing from the retention map are left alone, and
 * their rows keep their days' partitions. Running it again before new rows expire does nothing.
 * Blocking: call it from a thread of its own.
 */
public final class Retention {

    /*
     * The one read not bound to one project: retention is about every project that has rows,
     * including the ones the caller does not know, whose presence keeps a partition.
     */
    private static final String ROWS_BY_DAY_AND_PROJECT = """
            SELECT toString(toDate(<time>)) AS day, project_id, count() AS row_count
            FROM <table>
            WHERE <time> < {before:DateTime}
            GROUP BY day, project_id""";
    private static final String RUNNING_MUTATIONS = """
            SELECT count() AS running FROM system.mutations
            WHERE database = currentDatabase() AND table = {table:String} AND is_done = 0""";
    /** A daily partition's id is its date as {@code YYYYMMDD} on every version. */
    private static final String DROP_PARTITION = "ALTER TABLE <table> DROP PARTITION ID {partition:String}";
    private static final String DELETE_EXPIRED = "ALTER TABLE <table> DELETE WHERE <expired>";
    private static final String EXPIRED_BEFORE_CUTOFF =
            "(has({projects<n>:Array(String)}, project_id) AND <time> < {cutoff<n>:DateTime})";

    private final ClickHouse clickHouse;

    public Retention(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** {@link #apply(Map, Instant, Consumer)} without progress reports. */
    public RetentionReport apply(Map<String, Duration> retentionByProject, Instant now) {
        return apply(retentionByProject, now, table -> {});
    }

    /**
     * Deletes what is past retention at {@code now}.
     *
     * @param retentionByProject how long each project keeps its rows; a project not in it keeps them all
     * @param progress           told as each table is done
     * @throws dev.tracehound.analytics.ClickHouseException ClickHouse failed; tables done before stay done
     */
    public RetentionReport apply(
            Map<String, Duration> retentionByProject, Instant now, Consumer<TableRetention> progress) {
        long started = System.nanoTime();
        Map<String, Instant> cutoffs = RetentionPlan.cutoffs(retentionByProject, now);
        var tables = new ArrayList<TableRetention>();
        for (RetainedTable table : RetainedTable.values()) {
            TableRetention done = cutoffs.isEmpty()
                    ? new TableRetention(table.tableName(), List.of(), 0, false, 0)
                    : applyTo(table, cutoffs);
            tables.add(done);
            progress.accept(done);
        }
        return new RetentionReport(tables, Duration.ofNanos(System.nanoTime() - started));
    }

    private TableRetention applyTo(RetainedTable table, Map<String, Instant> cutoffs) {
        Instant latestCutoff = Collections.max(cutoffs.values());
        var rows = clickHouse.query(Sql.of(inTable(ROWS_BY_DAY_AND_PROJECT, table)).bind("before", latestCutoff))
                .stream()
                .map(row -> new DayRows(
                        LocalDate.parse(row.string("day")), row.string("project_id"), row.longValue("row_count")))
                .toList();
        RetentionPlan plan = RetentionPlan.of(rows, cutoffs);
        var dropped = new ArrayList<String>();
        for (LocalDate day : plan.drops()) {
            String partition = day.format(DateTimeFormatter.BASIC_ISO_DATE);
            clickHouse.execute(Sql.of(inTable(DROP_PARTITION, table)).bind("partition", partition).render());
            dropped.add(partition);
        }
        boolean deferred = false;
        if (!plan.deletesByCutoff().isEmpty()) {
            deferred = mutationRunning(table);
            if (!deferred) {
                clickHouse.execute(deleteStatement(table, plan).render());
            }
        }
        return new TableRetention(table.tableName(), dropped, plan.projectsToDelete(), deferred, plan.expiredRows());
    }

    private boolean mutationRunning(RetainedTable table) {
        Row row = clickHouse.query(Sql.of(RUNNING_MUTATIONS).bind("table", table.tableName())).getFirst();
        return row.longValue("running") > 0;
    }

    /** One mutation for the table: {@code (project in group 0 AND time < cutoff 0) OR (…)}. */
    private static Sql deleteStatement(RetainedTable table, RetentionPlan plan) {
        List<Map.Entry<Instant, SortedSet<String>>> groups = List.copyOf(plan.deletesByCutoff().entrySet());
        String expired = IntStream.range(0, groups.size())
                .mapToObj(n -> EXPIRED_BEFORE_CUTOFF.replace("<n>", Integer.toString(n)))
                .collect(Collectors.joining(" OR "));
        Sql sql = Sql.of(inTable(DELETE_EXPIRED.replace("<expired>", expired), table));
        for (int n = 0; n < groups.size(); n++) {
            sql = sql.bind("projects" + n, List.copyOf(groups.get(n).getValue())).bind("cutoff" + n, groups.get(n).getKey());
        }
        return sql;
    }

    private static String inTable(String statement, RetainedTable table) {
        return statement.replace("<table>", table.tableName()).replace("<time>", table.timeColumn());
    }
}
