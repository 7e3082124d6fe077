package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actuator as an outsider, an admin and a Prometheus scraper see it: health's status for
 * anyone, its parts with URLs and versions only for the admin key, the service's meters for
 * the metrics or admin key, and a challenge for everyone else.
 */
class ActuatorAccessIT {

    private static final String METRICS_KEY = "test_metrics_key_not_secret_0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("tracehound.admin.metrics-key", METRICS_KEY));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anAnonymousCallerGetsTheStatusAloneWithNoUrlOrVersion() throws Exception {
        var health = get("/actuator/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        // Spring Boot always names the probe groups (liveness, readiness) beside the status.
        var body = JsonMapper.builder().build().readTree(health.body());
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.propertyNames()).containsOnly("status", "groups");
        assertThat(health.body()).doesNotContain("components", "details", "url", "version", "http", "jdbc");
        assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theAdminKeySeesEachPartWithItsUrlAndVersion() throws Exception {
        var health = RealParts.getAsAdmin(app.port(), "/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        var components = health.body().get("components");
        assertThat(components.get("clickhouse").get("details").get("url").asString()).startsWith("http");
        assertThat(components.get("clickhouse").get("details").get("version").asString()).isNotBlank();
        assertThat(components.get("postgresql").get("details").get("url").asString()).startsWith("jdbc:postgresql:");
        assertThat(components.get("docker").get("details").get("version").asString()).isNotBlank();
    }

    @Test
    void theMetricsKeyDoesNotShowHealthDetails() throws Exception {
        var health = get("/actuator/health", METRICS_KEY);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components", "details");
    }

    @Test
    void aWrongKeyIsRefusedWithAnInvalidTokenChallenge() throws Exception {
        var health = get("/actuator/health", "not_the_admin_key_0000000000");

        assertThat(health.statusCode()).isEqualTo(401);
        assertThat(health.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"tracehound\", error=\"invalid_token\"");
        assertThat(health.body()).contains("neither the admin key").doesNotContain("jdbc", "version");
        assertThat(get("/actuator/prometheus", "not_the_metrics_key_000000000").statusCode()).isEqualTo(401);
    }

    @Test
    void scrapingWithoutAKeyIsA401WithAChallenge() throws Exception {
        var scrape = get("/actuator/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(401);
        assertThat(scrape.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tracehound\"");
        assertThat(scrape.body()).contains("send the metrics key or the admin key").doesNotContain("tracehound_");
    }

    @Test
    void aScrapeWithTheMetricsKeyCountsTheRecordsJustIngested() throws Exception {
        var key = app.newProjectKey("scraped");
        long before = acceptedSpans(get("/actuator/prometheus", METRICS_KEY).body());
        var ingest = HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/traces"))
                .header("Authorization", "Bearer " + key.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(twoSpans())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);

        var scrape = get("/actuator/prometheus", METRICS_KEY);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
        assertThat(acceptedSpans(scrape.body())).isEqualTo(before + 2);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count");
        assertThat(get("/actuator/prometheus", RealParts.ADMIN_KEY).body()).contains("tracehound_ingest_records_total");
    }

    /** The counter of accepted spans in a scrape, 0 before the first. */
    private static long acceptedSpans(String scrape) {
        var line = Pattern.compile("^tracehound_ingest_records_total\\{(?=[^}]*outcome=\"accepted\")"
                + "(?=[^}]*signal=\"traces\")[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE).matcher(scrape);
        return line.find() ? (long) Double.parseDouble(line.group(1)) : 0;
    }

    private static String twoSpans() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        long start = Instant.now().toEpochMilli() * 1_000_000L;
        String span = """
                {"traceId":"%s","spanId":"%s","name":"GET /","kind":2,
                 "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}""";
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
                 "scopeSpans":[{"spans":[%s,%s]}]}]}""".formatted(
                span.formatted(trace, "0000000000000001", start, start + 5_000_000),
                span.formatted(trace, "0000000000000002", start, start + 3_000_000));
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
