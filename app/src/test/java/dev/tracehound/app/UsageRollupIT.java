package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.MetricRow;
import dev.tracehound.analytics.MetricRow.MetricType;
import dev.tracehound.analytics.MetricRow.Temporality;
import dev.tracehound.analytics.RowBatch;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.retention.Retention;
import dev.tracehound.analytics.usage.StoredCounts;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The usage roll-up over a real ClickHouse (rows written as ingest writes them, each with the bytes
 * it was received as) and PostgreSQL's ledger.
 */
class UsageRollupIT {

    /** The bytes each row was received as: a span, a log record, a data point. */
    private static final int SPAN_BYTES = 312;
    private static final int LOG_BYTES = 121;
    private static final int POINT_BYTES = 57;

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final LocalDate YESTERDAY = TODAY.minusDays(1);
    private static final Instant NOW = TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LocalDate MONTH_START = TODAY.withDayOfMonth(1).minusMonths(1);

    private ThrowawayPostgres postgres;
    private ThrowawayClickHouse clickHouse;
    private ClickHouse client;
    private TelemetryWriter writer;
    private ProjectDirectory directory;
    private Project shop;
    private Project blog;
    private int spanIds;

    @BeforeEach
    void start() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        directory = new ProjectDirectory(JdbcClient.create(postgres.dataSource()));
        shop = directory.ensure("acme", "Acme", "shop", "Shop");
        blog = directory.ensure("acme", "Acme", "blog", "Blog");
        clickHouse = ThrowawayClickHouse.create();
        client = clickHouse.closing(ClickHouse.connect(ClickHouseSettings.of(clickHouse.url(), clickHouse.name())));
        new SchemaMigrator(client).migrate();
        writer = new TelemetryWriter(client);
    }

    @AfterEach
    void stop() {
        clickHouse.close();
        postgres.close();
    }

    @Test
    void theCountsEqualCountInClickHousePerProjectAndDayAndARedeliveredBatchCountsOnce() {
        RowBatch shopToday = RowBatch.ofSpans(spans(shop, TODAY, 5));
        writer.write(List.of(shopToday, RowBatch.ofSpans(spans(shop, YESTERDAY, 3)),
                RowBatch.ofLogs(logs(shop, TODAY, 4)), RowBatch.ofMetrics(points(shop, YESTERDAY, 2)),
                RowBatch.ofSpans(spans(blog, TODAY, 7))));
        var again = writer.write(List.of(shopToday));
        assertThat(again.duplicates()).as("the redelivered batch is stored once").isEqualTo(1);

        rollup().countRecent(directory.all(), TODAY);

        assertThat(ledger()).isEqualTo(clickHouseCounts());
        assertThat(ledger()).containsEntry(key(shop, TODAY, UsageMeter.SPANS), 5L)
                .containsEntry(key(shop, YESTERDAY, UsageMeter.SPANS), 3L)
                .containsEntry(key(shop, TODAY, UsageMeter.LOG_RECORDS), 4L)
                .containsEntry(key(shop, YESTERDAY, UsageMeter.METRIC_POINTS), 2L)
                .containsEntry(key(blog, TODAY, UsageMeter.SPANS), 7L)
                .containsEntry(key(shop, TODAY, UsageMeter.INGESTED_BYTES), 5L * SPAN_BYTES + 4L * LOG_BYTES)
                .containsEntry(key(shop, YESTERDAY, UsageMeter.INGESTED_BYTES), 3L * SPAN_BYTES + 2L * POINT_BYTES)
                .containsEntry(key(blog, TODAY, UsageMeter.INGESTED_BYTES), 7L * SPAN_BYTES)
                .hasSize(8);
    }

    @Test
    void countingAgainGivesTheSameNumbersAndCountsWhatArrivedSince() {
        writer.write(List.of(RowBatch.ofSpans(spans(shop, TODAY, 5)), RowBatch.ofLogs(logs(blog, YESTERDAY, 2))));
        UsageRollup rollup = rollup();
        rollup.countRecent(directory.all(), TODAY);
        var first = ledger();

        rollup.countRecent(directory.all(), TODAY);
        rollup.catchUp(directory.all(), TODAY);
        assertThat(ledger()).isEqualTo(first);

        writer.write(List.of(RowBatch.ofSpans(spans(shop, TODAY, 2))));
        rollup.countRecent(directory.all(), TODAY);
        assertThat(ledger()).containsEntry(key(shop, TODAY, UsageMeter.SPANS), 7L)
                .containsEntry(key(shop, TODAY, UsageMeter.INGESTED_BYTES), 7L * SPAN_BYTES).isEqualTo(clickHouseCounts());
    }

    @Test
    void startUpCountsTheDaysMissedWhileTheServiceWasDown() {
        LocalDate lastWeek = TODAY.minusDays(6);
        writer.write(List.of(RowBatch.ofSpans(spans(shop, lastWeek, 4)), RowBatch.ofSpans(spans(shop, TODAY, 1))));

        rollup().catchUp(directory.all(), TODAY);

        assertThat(ledger()).containsEntry(key(shop, lastWeek, UsageMeter.SPANS), 4L).isEqualTo(clickHouseCounts());
    }

    @Test
    void aDayRetentionDeletesKeepsItsCountedUsageThoughTheRollupNeverCountedItBefore() throws InterruptedException {
        LocalDate tenDaysAgo = TODAY.minusDays(10);
        writer.write(List.of(RowBatch.ofSpans(spans(shop, tenDaysAgo, 6)), RowBatch.ofLogs(logs(blog, tenDaysAgo, 3)),
                RowBatch.ofSpans(spans(shop, TODAY, 2))));
        assertThat(ledger()).as("nothing counted yet").isEmpty();

        UsageRollup rollup = rollup();
        var job = new RetentionJob(new Retention(client), directory, project -> Duration.ofDays(3), rollup,
                new SimpleMeterRegistry(), CLOCK, Duration.ofHours(1));
        job.runOnce();
        awaitMutations();
        assertThat(clickHouse.count("SELECT count() FROM spans WHERE toDate(timestamp) = '" + tenDaysAgo + "'")).isZero();

        rollup.countRecent(directory.all(), TODAY);
        rollup.catchUp(directory.all(), TODAY);
        rollup.countBefore(shop, TODAY);
        assertThat(ledger()).containsEntry(key(shop, tenDaysAgo, UsageMeter.SPANS), 6L)
                .containsEntry(key(shop, tenDaysAgo, UsageMeter.INGESTED_BYTES), 6L * SPAN_BYTES)
                .containsEntry(key(blog, tenDaysAgo, UsageMeter.LOG_RECORDS), 3L)
                .containsEntry(key(blog, tenDaysAgo, UsageMeter.INGESTED_BYTES), 3L * LOG_BYTES)
                .containsEntry(key(shop, TODAY, UsageMeter.SPANS), 2L);
    }

    @Test
    void twoInstancesCountingAtOnceWriteTheSameNumbers() throws Exception {
        writer.write(List.of(RowBatch.ofSpans(spans(shop, TODAY, 50)), RowBatch.ofSpans(spans(shop, YESTERDAY, 20)),
                RowBatch.ofLogs(logs(blog, TODAY, 30)), RowBatch.ofMetrics(points(blog, YESTERDAY, 10))));
        List<UsageRollup> instances = List.of(rollup(), rollup());

        try (var threads = Executors.newFixedThreadPool(4)) {
            var runs = new ArrayList<Callable<Object>>();
            IntStream.range(0, 20).forEach(n -> runs.add(() -> n % 2 == 0
                    ? instances.get(n % 4 / 2).countRecent(directory.all(), TODAY)
                    : instances.get(n % 4 / 2).catchUp(directory.all(), TODAY)));
            for (var done : threads.invokeAll(runs)) {
                done.get();
            }
        }

        assertThat(ledger()).isEqualTo(clickHouseCounts()).containsEntry(key(shop, TODAY, UsageMeter.SPANS), 50L)
                .containsEntry(key(blog, TODAY, UsageMeter.INGESTED_BYTES), 30L * LOG_BYTES);
    }

    /** A roll-up of its own, as another instance of the service has. */
    private UsageRollup rollup() {
        return new UsageRollup(new StoredCounts(client), new UsageLedger(postgres.dataSource(), CLOCK));
    }

    private Map<String, Long> ledger() {
        var out = new TreeMap<String, Long>();
        for (DailyCount count : new UsageLedger(postgres.dataSource(), CLOCK)
                .ofWorkspace(shop.workspaceId(), LocalDate.EPOCH, TODAY.plusDays(1))) {
            out.put(key(count.projectId().toString(), count.day(), count.meter()), count.quantity());
        }
        return out;
    }

    /** count() per project, day and table, and sum(ingested_bytes) over the three tables, straight from ClickHouse. */
    private Map<String, Long> clickHouseCounts() {
        var out = new TreeMap<String, Long>();
        Map<String, UsageMeter> tables = Map.of("spans", UsageMeter.SPANS, "logs", UsageMeter.LOG_RECORDS,
                "metrics", UsageMeter.METRIC_POINTS);
        tables.forEach((table, meter) -> {
            for (Project project : List.of(shop, blog)) {
                for (LocalDate day = MONTH_START; !day.isAfter(TODAY); day = day.plusDays(1)) {
                    long rows = clickHouse.count("SELECT count() FROM " + table + " WHERE project_id = '" + project.id()
                            + "' AND toDate(timestamp) = '" + day + "'");
                    if (rows > 0) {
                        out.put(key(project.id().toString(), day, meter), rows);
                    }
                }
            }
        });
        for (Project project : List.of(shop, blog)) {
            for (LocalDate day = MONTH_START; !day.isAfter(TODAY); day = day.plusDays(1)) {
                long bytes = 0;
                for (String table : tables.keySet()) {
                    bytes += clickHouse.count("SELECT sum(ingested_bytes) FROM " + table + " WHERE project_id = '"
                            + project.id() + "' AND toDate(timestamp) = '" + day + "'");
                }
                if (bytes > 0) {
                    out.put(key(project.id().toString(), day, UsageMeter.INGESTED_BYTES), bytes);
                }
            }
        }
        return out;
    }

    private static String key(Project project, LocalDate day, UsageMeter meter) {
        return key(project.id().toString(), day, meter);
    }

    private static String key(String project, LocalDate day, UsageMeter meter) {
        return project + " " + day + " " + meter.apiName();
    }

    private List<SpanRow> spans(Project project, LocalDate day, int n) {
        return IntStream.range(0, n).mapToObj(i -> new SpanRow(project.id().toString(),
                "0af7651916cd43dd8448eb211c80319c", String.format("%016x", ++spanIds), "", "", "GET /",
                SpanRow.SpanKind.SERVER, SpanRow.StatusCode.OK, "", "shop", "", "", nanos(day, i), 1_000_000L, Map.of(),
                Map.of(), null, null, null, SPAN_BYTES)).toList();
    }

    private static List<LogRow> logs(Project project, LocalDate day, int n) {
        return IntStream.range(0, n).mapToObj(i -> new LogRow(project.id().toString(), nanos(day, i), nanos(day, i), "",
                "", 9, "INFO", "shop", "ok " + i, Map.of(), Map.of(), "", LOG_BYTES)).toList();
    }

    private static List<MetricRow> points(Project project, LocalDate day, int n) {
        return IntStream.range(0, n).mapToObj(i -> new MetricRow(project.id().toString(), "http.server.requests", "",
                "{request}", MetricType.SUM, Temporality.CUMULATIVE, true, "shop", "", "", nanos(day, i) - 60_000_000_000L,
                nanos(day, i), Map.of(), Map.of("http.route", "/"), i, null, null, null, POINT_BYTES)).toList();
    }

    /** A time on the day, {@code i} seconds after 08:00 UTC. */
    private static long nanos(LocalDate day, int i) {
        return day.atTime(8, 0).toInstant(ZoneOffset.UTC).plusSeconds(i).toEpochMilli() * 1_000_000L;
    }

    private void awaitMutations() throws InterruptedException {
        String running = "SELECT count() FROM system.mutations WHERE database = '" + clickHouse.name() + "' AND is_done = 0";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (clickHouse.count(running) > 0) {
            assertThat(System.nanoTime()).as("mutations still running after 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
