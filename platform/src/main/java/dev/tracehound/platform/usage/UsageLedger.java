package dev.tracehound.platform.usage;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's {@code usage_daily}: the stored meters per project and UTC day. A day's quantity
 * only grows: {@link #record} keeps the greater of what is stored and what was counted, so
 * counting again is harmless, two instances counting at once leave the larger (later) count,
 * and rows deleted from storage after they were counted never lower a billed day.
 */
public final class UsageLedger {

    private static final String UPSERT_COUNT = """
            INSERT INTO usage_daily (project_id, workspace_id, day, meter, quantity, updated_at)
            VALUES (:project, :workspace, :day, :meter, :quantity, :now)
            ON CONFLICT (project_id, day, meter) DO UPDATE
            SET quantity = EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
            WHERE usage_daily.quantity < EXCLUDED.quantity""";
    private static final String LAST_COUNTED_DAY = "SELECT max(day) FROM usage_daily WHERE project_id = :project";
    private static final String WORKSPACE_DAYS = """
            SELECT project_id, day, meter, quantity FROM usage_daily
            WHERE workspace_id = :workspace AND day >= :from AND day < :to
            ORDER BY day, project_id, meter""";
    private static final String WORKSPACE_TOTALS = """
            SELECT meter, sum(quantity) AS quantity FROM usage_daily
            WHERE workspace_id = :workspace AND day >= :from AND day < :to
            GROUP BY meter""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Clock clock;

    public UsageLedger(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new NamedParameterJdbcTemplate(dataSource);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores what was counted, raising a day's quantity where the count is larger and leaving it
     * where it is not. Rows are written in key order, so instances writing the same days at once
     * wait for each other in turn, never in a circle (no deadlock).
     */
    public void record(List<DailyCount> counts) {
        if (counts.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        MapSqlParameterSource[] rows = counts.stream()
                .sorted(Comparator.comparing(DailyCount::projectId).thenComparing(DailyCount::day)
                        .thenComparing(count -> count.meter().apiName()))
                .map(count -> new MapSqlParameterSource("project", count.projectId())
                        .addValue("workspace", count.workspaceId())
                        .addValue("day", Date.valueOf(count.day()))
                        .addValue("meter", count.meter().apiName())
                        .addValue("quantity", count.quantity())
                        .addValue("now", now))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate(UPSERT_COUNT, rows);
    }

    /** The latest day the project has a count for; empty when none was ever stored. */
    public Optional<LocalDate> lastCountedDay(UUID project) {
        return jdbc.sql(LAST_COUNTED_DAY).param("project", project)
                .query((rs, row) -> Optional.ofNullable(rs.getDate(1)).map(Date::toLocalDate)).single();
    }

    /** Every count of the workspace's projects from {@code from} up to but not including {@code to}. */
    public List<DailyCount> ofWorkspace(UUID workspace, LocalDate from, LocalDate to) {
        return jdbc.sql(WORKSPACE_DAYS).param("workspace", workspace).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .query((rs, row) -> new DailyCount(rs.getObject("project_id", UUID.class), workspace,
                        rs.getDate("day").toLocalDate(), UsageMeter.fromColumn(rs.getString("meter")),
                        rs.getLong("quantity")))
                .list();
    }

    /** The workspace's total per stored meter from {@code from} up to but not including {@code to}; absent: none. */
    public Map<UsageMeter, Long> totalsOfWorkspace(UUID workspace, LocalDate from, LocalDate to) {
        var totals = new EnumMap<UsageMeter, Long>(UsageMeter.class);
        jdbc.sql(WORKSPACE_TOTALS).param("workspace", workspace).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .query(rs -> {
                    totals.put(UsageMeter.fromColumn(rs.getString("meter")), rs.getLong("quantity"));
                });
        return totals;
    }
}
