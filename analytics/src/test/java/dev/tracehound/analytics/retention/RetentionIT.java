package dev.tracehound.analytics.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.TestClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Projects "short" (2 days) and "long" (5 days) share their days; "unknown" has no retention
 * given, so it must never lose a row. Now is 7 December 2026, 10:00 UTC, so short's cutoff is
 * 5 December and long's 2 December (midnight UTC).
 */
class RetentionIT {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final LocalDate ALL_EXPIRED = LocalDate.parse("2026-11-27");
    private static final LocalDate UNKNOWN_ALONE = LocalDate.parse("2026-11-25");
    private static final LocalDate SHORT_EXPIRED = LocalDate.parse("2026-12-03");
    private static final LocalDate BOTH_KEPT = LocalDate.parse("2026-12-06");
    private static final List<String> TABLES = List.of("spans", "logs", "trace_index", "metrics");
    private static final Map<String, Duration> RETENTION = Map.of(
            "short", Duration.ofDays(2),
            "long", Duration.ofDays(5));

    private final AtomicLong ids = new AtomicLong();
    private TestClickHouse test;
    private Retention retention;

    @BeforeEach
    void seed() {
        test = TestClickHouse.migrated();
        retention = new Retention(test.clickHouse());
        write("short", ALL_EXPIRED, 3);
        write("long", ALL_EXPIRED, 2);
        write("unknown", UNKNOWN_ALONE, 2);
        write("short", SHORT_EXPIRED, 4);
        write("long", SHORT_EXPIRED, 3);
        write("unknown", SHORT_EXPIRED, 2);
        write("short", BOTH_KEPT, 2);
        write("long", BOTH_KEPT, 2);
    }

    @AfterEach
    void drop() {
        test.close();
    }

    @Test
    void aPartitionWhereEveryProjectIsExpiredIsDroppedWhole() throws InterruptedException {
        RetentionReport report = retention.apply(RETENTION, NOW);
        awaitMutations();

        for (String table : TABLES) {
            assertThat(rows(table, "short", ALL_EXPIRED)).as(table).isZero();
            assertThat(rows(table, "long", ALL_EXPIRED)).as(table).isZero();
            assertThat(partitionExists(table, ALL_EXPIRED)).as(table).isFalse();
        }
        assertThat(report.tables()).allSatisfy(t -> assertThat(t.partitionsDropped()).containsExactly("20261127"));
    }

    @Test
    void inSharedPartitionsOnlyTheRowsPastEachProjectsRetentionGo() throws InterruptedException {
        RetentionReport report = retention.apply(RETENTION, NOW);
        awaitMutations();

        for (String table : TABLES) {
            assertThat(rows(table, "short", SHORT_EXPIRED)).as(table).isZero();
            assertThat(rows(table, "long", SHORT_EXPIRED)).as(table).isEqualTo(3);
            assertThat(rows(table, "short", BOTH_KEPT)).as(table).isEqualTo(2);
            assertThat(rows(table, "long", BOTH_KEPT)).as(table).isEqualTo(2);
        }
        assertThat(report.tables()).allSatisfy(t -> {
            assertThat(t.mutationIssued()).isTrue();
            assertThat(t.projectsDeleted()).isEqualTo(1);
            assertThat(t.expiredRows()).isEqualTo(3 + 2 + 4);
        });
        assertThat(report.partitionsDropped()).isEqualTo(4);
        assertThat(report.mutationsIssued()).isEqualTo(4);
    }

    @Test
    void aProjectWithoutRetentionKeepsEveryRowAndItsPartitions() throws InterruptedException {
        retention.apply(RETENTION, NOW);
        awaitMutations();

        for (String table : TABLES) {
            assertThat(rows(table, "unknown", UNKNOWN_ALONE)).as(table).isEqualTo(2);
            assertThat(rows(table, "unknown", SHORT_EXPIRED)).as(table).isEqualTo(2);
        }
    }

    @Test
    void aSecondRunFindsNothingToDelete() throws InterruptedException {
        retention.apply(RETENTION, NOW);
        awaitMutations();

        RetentionReport again = retention.apply(RETENTION, NOW.plus(Duration.ofHours(1)));

        assertThat(again.partitionsDropped()).isZero();
        assertThat(again.mutationsIssued()).isZero();
        assertThat(again.expiredRows()).isZero();
        assertThat(mutationsIssued()).isEqualTo(4);
    }

    @Test
    void aShortenedRetentionAppliesAtTheNextRun() throws InterruptedException {
        retention.apply(RETENTION, NOW);
        awaitMutations();

        retention.apply(Map.of("short", Duration.ofDays(2), "long", Duration.ofDays(1)), NOW);
        awaitMutations();

        for (String table : TABLES) {
            assertThat(rows(table, "long", SHORT_EXPIRED)).as(table).isZero();
            assertThat(rows(table, "long", BOTH_KEPT)).as(table).isEqualTo(2);
            assertThat(rows(table, "short", BOTH_KEPT)).as(table).isEqualTo(2);
            assertThat(rows(table, "unknown", SHORT_EXPIRED)).as(table).isEqualTo(2);
        }
    }

    @Test
    void progressIsReportedTableByTable() {
        var done = new ArrayList<String>();

        retention.apply(RETENTION, NOW, table -> done.add(table.table()));

        assertThat(done).containsExactly("spans", "logs", "trace_index", "metrics");
    }

    private void awaitMutations() throws InterruptedException {
        String running = "SELECT count() FROM system.mutations WHERE database = '" + test.database() + "' AND is_done = 0";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (test.count(running) > 0) {
            assertThat(System.nanoTime()).as("mutations still running after 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private long mutationsIssued() {
        return test.count("SELECT count() FROM system.mutations WHERE database = '" + test.database() + "'");
    }

    private long rows(String table, String project, LocalDate day) {
        String time = table.equals("trace_index") ? "start_time" : "timestamp";
        return test.count("SELECT count() FROM " + table + " WHERE project_id = '" + project + "' AND toDate(" + time
                + ") = toDate('" + day + "')");
    }

    private boolean partitionExists(String table, LocalDate day) {
        return test.count("SELECT count() FROM system.parts WHERE database = '" + test.database() + "' AND table = '"
                + table + "' AND active AND partition_id = '" + day.toString().replace("-", "") + "'") > 0;
    }

    /** {@code count} spans (each its own trace), log records and metric points at noon of {@code day}. */
    private void write(String project, LocalDate day, int count) {
        long noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
        var spans = new ArrayList<SpanRow>();
        var logs = new ArrayList<LogRow>();
        var metrics = new ArrayList<MetricRow>();
        for (int i = 0; i < count; i++) {
            long id = ids.incrementAndGet();
            String traceId = HexFormat.of().toHexDigits(id) + HexFormat.of().toHexDigits(id);
            spans.add(new SpanRow(project, traceId, HexFormat.of().toHexDigits(id), "", "", "GET /",
                    SpanRow.SpanKind.SERVER, SpanRow.StatusCode.OK, "", "shop", "", "", noon + i, 1_000_000L, Map.of(),
                    Map.of(), null, null, null));
            logs.add(new LogRow(project, noon + i, noon + i, traceId, "", 9, "INFO", "shop", "ok", Map.of(), Map.of(), ""));
            metrics.add(new MetricRow(project, "http.server.requests", "", "{request}", MetricType.SUM,
                    Temporality.CUMULATIVE, true, "shop", "", "", noon - 60_000_000_000L, noon + i, Map.of(), Map.of(),
                    i, null));
        }
        var writer = new TelemetryWriter(test.clickHouse());
        writer.writeSpans(spans);
        writer.writeLogs(logs);
        writer.writeMetrics(metrics);
    }
}
