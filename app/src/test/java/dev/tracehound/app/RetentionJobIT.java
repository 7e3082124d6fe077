package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.analytics.retention.Retention;
import dev.tracehound.analytics.retention.RetentionReport;
import dev.tracehound.analytics.usage.StoredCounts;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The scheduled job over the platform's projects and a real ClickHouse, with 3 days for every project. */
class RetentionJobIT {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String TEN_DAYS_AGO = "2026-11-27 12:00:00";
    private static final String FIVE_DAYS_AGO = "2026-12-02 12:00:00";
    private static final String TODAY = "2026-12-07 09:00:00";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ThrowawayPostgres postgres;
    private ThrowawayClickHouse clickHouse;
    private ClickHouse client;
    private ProjectDirectory directory;
    private String shop;
    private String blog;

    @BeforeEach
    void start() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        directory = new ProjectDirectory(JdbcClient.create(postgres.dataSource()));
        shop = directory.ensure("acme", "Acme", "shop", "Shop").id().toString();
        blog = directory.ensure("globex", "Globex", "blog", "Blog").id().toString();
        clickHouse = ThrowawayClickHouse.create();
        client = clickHouse.closing(ClickHouse.connect(ClickHouseSettings.of(clickHouse.url(), clickHouse.name())));
        new SchemaMigrator(client).migrate();
    }

    @AfterEach
    void stop() {
        clickHouse.close();
        postgres.close();
    }

    @Test
    void aRunDeletesEveryListedProjectsExpiredRowsAndKeepsTheRest() throws InterruptedException {
        span(shop, TEN_DAYS_AGO);
        span(blog, TEN_DAYS_AGO);
        span(shop, FIVE_DAYS_AGO);
        span("not-listed", FIVE_DAYS_AGO);
        span(shop, TODAY);
        span(blog, TODAY);

        RetentionReport report = job(client).runOnce();
        awaitMutations();

        assertThat(report.partitionsDropped()).isEqualTo(2); // spans and trace_index of 27 November
        assertThat(report.mutationsIssued()).isEqualTo(2);
        assertThat(spans(shop)).isEqualTo(1);
        assertThat(spans(blog)).isEqualTo(1);
        assertThat(spans("not-listed")).isEqualTo(1);
        assertThat(meters.counter(RetentionJob.RUNS, "outcome", "ok").count()).isEqualTo(1);
        assertThat(meters.counter(RetentionJob.PARTITIONS_DROPPED, "table", "spans").count()).isEqualTo(1);
    }

    /** The acceptance's "run on the demo data with a short retention": 0 days keeps today's rows only. */
    @Test
    void onTheDemoDataARetentionOfZeroDaysKeepsTodayOnly() throws InterruptedException {
        var demo = new DemoProperties(true, "demo", "shop", Duration.ofHours(24), 20_000, 20240611, "", "", "startup", null);
        String project = new DemoDataLoader(demo, directory, new ApiKeys(JdbcClient.create(postgres.dataSource())), client,
                new TelemetryWriter(client), new WorkspacePlans(postgres.dataSource(), Plans.builtIn(), Clock.systemUTC()),
                new NotificationChannels(JdbcClient.create(postgres.dataSource()))).load().id().toString();
        String beforeToday = "project_id = '" + project + "' AND timestamp < toDateTime(toDate(now()))";
        String today = "project_id = '" + project + "' AND timestamp >= toDateTime(toDate(now()))";
        long spansBefore = count("spans", beforeToday);
        long spansToday = count("spans", today);
        long logsToday = count("logs", today);
        assertThat(spansBefore).as("the 24 h of demo data reach into yesterday").isPositive();

        var job = new RetentionJob(new Retention(client), directory, any -> Duration.ofDays(0), usage(client), meters,
                Clock.systemUTC(), Duration.ofHours(1));
        job.runOnce();
        awaitMutations();

        assertThat(count("spans", beforeToday)).isZero();
        assertThat(count("logs", beforeToday)).isZero();
        assertThat(count("metrics", beforeToday)).isZero();
        assertThat(count("spans", today)).isEqualTo(spansToday);
        assertThat(count("logs", today)).isEqualTo(logsToday);
        Project demoProject = directory.byId(UUID.fromString(project)).orElseThrow();
        long billedBeforeToday = new UsageLedger(postgres.dataSource(), CLOCK)
                .ofWorkspace(demoProject.workspaceId(), LocalDate.EPOCH, LocalDate.now(ZoneOffset.UTC)).stream()
                .filter(c -> c.meter() == UsageMeter.SPANS).mapToLong(DailyCount::quantity).sum();
        assertThat(billedBeforeToday).as("the deleted days were counted first").isEqualTo(spansBefore);
    }

    @Test
    void runsGoOnWhileClickHouseIsDown() throws InterruptedException {
        var unreachable = ClickHouse.connect(ClickHouseSettings.of("http://127.0.0.1:1", "tracehound"));
        try (RetentionJob job = job(unreachable)) {
            job.start(Duration.ZERO);

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (meters.counter(RetentionJob.RUNS, "outcome", "failed").count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            unreachable.close();
        }
        assertThat(meters.counter(RetentionJob.RUNS, "outcome", "failed").count()).isGreaterThanOrEqualTo(2);
    }

    private RetentionJob job(ClickHouse target) {
        ProjectRetention threeDays = project -> Duration.ofDays(3);
        return new RetentionJob(new Retention(target), directory, threeDays, usage(target), meters, CLOCK,
                Duration.ofMillis(50));
    }

    private UsageRollup usage(ClickHouse target) {
        return new UsageRollup(new StoredCounts(target), new UsageLedger(postgres.dataSource(), CLOCK));
    }

    private void span(String project, String time) {
        long ns = Instant.parse(time.replace(' ', 'T') + "Z").toEpochMilli() * 1_000_000L;
        clickHouse.execute("INSERT INTO spans (project_id, trace_id, span_id, start_time_ns, duration_ns) VALUES ('"
                + project + "', '" + Long.toHexString(ns) + project.hashCode() + "', '00f067aa0ba902b7', " + ns + ", 1000)");
    }

    private long count(String table, String where) {
        return clickHouse.count("SELECT count() FROM " + table + " WHERE " + where);
    }

    private long spans(String project) {
        return clickHouse.count("SELECT count() FROM spans WHERE project_id = '" + project + "'");
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
