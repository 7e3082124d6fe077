package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.TestClickHouse;
import dev.tracehound.platform.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application on the real ClickHouse, PostgreSQL and Docker engine, with demo data
 * loaded as ./dev up does (smaller).
 */
class ApplicationIT {

    private static TestClickHouse clickHouse;
    private static TestPostgres postgres;
    private static ConfigurableApplicationContext app;
    private static int port;

    @BeforeAll
    static void start() {
        clickHouse = TestClickHouse.create();
        postgres = TestPostgres.create();
        var properties = RealParts.properties(clickHouse, postgres);
        properties.put("tracehound.demo.enabled", "true");
        properties.put("tracehound.demo.target-spans", "300000");
        app = RealParts.start(properties);
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        postgres.close();
        clickHouse.close();
    }

    @Test
    void healthIsUpWithAComponentForEachRealPart() throws Exception {
        var health = RealParts.get(port, "/actuator/health");

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
