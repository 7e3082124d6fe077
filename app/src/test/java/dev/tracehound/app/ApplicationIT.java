package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application on the real ClickHouse, PostgreSQL and Docker engine, with demo data
 * loaded as ./dev up does (smaller).
 */
class ApplicationIT {

    private static RunningApp running;
    private static ConfigurableApplicationContext app;
    private static ThrowawayClickHouse clickHouse;
    private static int port;

    @BeforeAll
    static void start() {
        running = RunningApp.start(Map.of("tracehound.demo.enabled", "true", "tracehound.demo.target-spans", "300000"));
        app = running.context();
        clickHouse = running.clickHouse();
        port = running.port();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void healthIsUpWithAComponentForEachRealPart() throws Exception {
        var health = RealParts.getAsAdmin(port, "/actuator/health");

        assertThat(health.status()).as(health.body().toString()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        var components = health.body().get("components");
        assertThat(components.get("clickhouse").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("clickhouse").get("details").get("version").asString()).isNotBlank();
        assertThat(components.get("postgresql").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("docker").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("docker").get("details").get("sandboxImage").asString()).startsWith("tracehound-sandbox");
    }

    @Test
    void theDemoWorkspaceStartsOnTheStartupPlanAndKeepsAPlanChosenLater() {
        var project = app.getBean(DemoDataLoader.class).load();
        var plans = app.getBean(dev.tracehound.platform.billing.WorkspacePlans.class);
        assertThat(plans.of(project.workspaceId()).plan().id()).isEqualTo("startup");
        assertThat(app.getBean(dev.tracehound.platform.Entitlements.class).retentionDays(project.workspaceId()))
                .isEqualTo(30);

        plans.change(dev.tracehound.platform.identity.Actor.system(), project.workspaceId(), "growth");
        app.getBean(DemoDataLoader.class).load();

        assertThat(plans.of(project.workspaceId()).plan().id()).as("a restart keeps it").isEqualTo("growth");
        plans.change(dev.tracehound.platform.identity.Actor.system(), project.workspaceId(), "startup");
    }

    @Test
    void demoDataHoldsTheCheckoutIncidentInPlainSql() {
        String projectId = app.getBean(DemoDataLoader.class).load().id().toString();
        var ch = app.getBean(dev.tracehound.analytics.ClickHouse.class);

        Row totals = ch.query(Sql.of("""
                        SELECT count() AS spans, uniqExact(trace_id) AS traces,
                               (SELECT count() FROM logs WHERE project_id = {p:String}) AS logs,
                               dateDiff('hour', min(timestamp), max(timestamp)) AS hours
                        FROM spans WHERE project_id = {p:String}""").bind("p", projectId)).getFirst();
        assertThat(totals.longValue("spans")).isBetween(200_000L, 400_000L);
        assertThat(totals.longValue("logs")).isPositive();
        assertThat(totals.longValue("hours")).isBetween(23L, 24L);

        var byCohort = ch.query(Sql.of(incidentQuery()).bind("p", projectId));
        // The window ends "now", so the exact numbers move with the time of day the test runs;
        // the assertions compare cohorts rather than pin values (demo-data's own tests pin them).
        Row slow = cohort(byCohort, "2.3.1", "stripe_v3");
        Row before = cohort(byCohort, "2.3.0", "stripe_v3");
        assertThat(byCohort).hasSize(8);
        assertThat(slow.doubleValue("p99_ms")).isGreaterThan(1_200);
        assertThat(byCohort).filteredOn(r -> r != slow)
                .allSatisfy(r -> assertThat(r.doubleValue("p99_ms")).isLessThan(slow.doubleValue("p99_ms") / 3));
        assertThat(slow.doubleValue("error_pct")).isBetween(3.0, 18.0).isGreaterThan(before.doubleValue("error_pct"));
    }

    @Test
    void loadingAgainDoesNotDuplicateTheDemoData() {
        var loader = app.getBean(DemoDataLoader.class);
        String projectId = loader.load().id().toString();
        long before = clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId + "'");

        loader.load();

        assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId + "'"))
                .isEqualTo(before);
    }

    @Test
    void aLoadStoppedPartWayIsReplacedByAFullOne() throws Exception {
        var partial = new DemoProperties(true, "demo", "interrupted", java.time.Duration.ofHours(24), 20_000, 7, null,
                null, null, null);
        var loader = new DemoDataLoader(partial, app.getBean(dev.tracehound.platform.ProjectDirectory.class),
                app.getBean(dev.tracehound.platform.ApiKeys.class),
                app.getBean(dev.tracehound.analytics.ClickHouse.class),
                app.getBean(dev.tracehound.analytics.TelemetryWriter.class),
                app.getBean(dev.tracehound.platform.billing.WorkspacePlans.class),
                app.getBean(dev.tracehound.platform.notify.NotificationChannels.class));
        String projectId = app.getBean(dev.tracehound.platform.ProjectDirectory.class)
                .ensure("demo", "Demo", "interrupted", "Interrupted").id().toString();
        // What a load killed after its first batches leaves: the first two hours of the window.
        long start = java.time.Instant.now().minus(java.time.Duration.ofHours(24)).toEpochMilli() * 1_000_000L;
        var stub = new java.util.ArrayList<dev.tracehound.analytics.SpanRow>();
        for (int i = 0; i < 100; i++) {
            stub.add(new dev.tracehound.analytics.SpanRow(projectId, "%032x".formatted(i), "%016x".formatted(i), "", "",
                    "GET /", null, null, "", "frontend", "", "", start + i * 72_000_000_000L, 1_000_000L, null, null,
                    null, null, null));
        }
        app.getBean(dev.tracehound.analytics.TelemetryWriter.class).writeSpans(stub);

        loader.load();

        String coverage = "SELECT count() AS c FROM spans WHERE project_id = '" + projectId + "'"
                + " HAVING dateDiff('hour', min(timestamp), max(timestamp)) >= 23";
        for (int i = 0; i < 100 && clickHouse.count(
                "SELECT count() AS c FROM spans WHERE project_id = '" + projectId + "' AND name = 'GET /'"
                        + " AND span_attributes.key = []") > 0; i++) {
            Thread.sleep(100); // the DELETE is a mutation, applied in the background
        }
        assertThat(clickHouse.count("SELECT count() AS c FROM spans WHERE project_id = '" + projectId
                + "' AND span_attributes.key = []")).as("the stopped load's rows").isZero();
        assertThat(clickHouse.count(coverage)).isBetween(10_000L, 30_000L);
    }

    private static String incidentQuery() {
        try (var in = ApplicationIT.class.getResourceAsStream("/clickhouse/queries/demo_incident.sql")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Row cohort(java.util.List<Row> rows, String version, String provider) {
        return rows.stream()
                .filter(r -> r.string("checkout_version").equals(version) && r.string("provider").equals(provider))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cohort " + version + "/" + provider + " in " + rows));
    }
}
