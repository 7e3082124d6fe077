package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.SpanRow.SpanKind;
import dev.tracehound.analytics.SpanRow.StatusCode;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.platform.ApiKeys.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query API over HTTP on the real ClickHouse and PostgreSQL: read keys, project
 * isolation through every endpoint, user text never becoming SQL, and limits.
 */
class QueryApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String TRACE_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String TRACE_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1";
    private static final String WINDOW = "\"from\":\"2026-11-20T10:00:00Z\",\"to\":\"2026-11-20T11:00:00Z\"";
    private static final List<String> INJECTIONS = List.of("x') OR 1=1 --", "'; DROP TABLE spans; --",
            "\\' OR ''='", "{project:String}", "a\u0000b", "\" OR \"\"=\"");

    /** The POST endpoints that take a span filter (and group-bys), under a project's path. */
    private static final List<String> ANALYTICS = List.of("/spans/aggregate", "/spans/timeseries", "/spans/heatmap",
            "/spans/bubbleup", "/llm/usage", "/llm/usage/timeseries", "/llm/calls");

    private static RunningApp app;
    private static RunningApp.ProjectKey a;
    private static RunningApp.ProjectKey b;
    private static String ingestKeyOfA;
    private static String ingestKeyOfB;

    @BeforeAll
    static void start() {
        // 40,000 rows read is more than a day of the busy hour below, less than the quiet one.
        app = RunningApp.start(Map.of("tracehound.query.max-rows-to-read", "40000",
                "tracehound.query.tail-heartbeat", "1s", "tracehound.query.tail-poll-interval", "200ms"));
        a = app.newProjectKey("alpha", Scope.READ);
        b = app.newProjectKey("beta", Scope.READ);
        ingestKeyOfA = app.bean(dev.tracehound.platform.ApiKeys.class)
                .create(java.util.UUID.fromString(a.projectId()), "collector", Scope.INGEST);
        ingestKeyOfB = app.bean(dev.tracehound.platform.ApiKeys.class)
                .create(java.util.UUID.fromString(b.projectId()), "collector", Scope.INGEST);
        var writer = app.bean(TelemetryWriter.class);
        writer.writeSpans(List.of(
                span(a.projectId(), TRACE_A, "00000000000000a1", "", "GET /checkout", "checkout", 0, 120, StatusCode.OK),
                span(a.projectId(), TRACE_A, "00000000000000a2", "00000000000000a1", "charge", "payments", 10, 100,
                        StatusCode.ERROR),
                span(b.projectId(), TRACE_B, "00000000000000b1", "", "GET /secret", "vault", 0, 50, StatusCode.OK)));
        writer.writeLogs(List.of(
                log(a.projectId(), TRACE_A, "card declined by issuer"),
                log(b.projectId(), TRACE_B, "secret of project beta")));
        // A gauge in each project; b's is of its service "vault".
        writer.writeMetrics(List.of(gauge(a.projectId(), "checkout"), gauge(b.projectId(), "vault")));
        // A busy hour for project a, two hours later, for the read limit.
        app.clickHouse().execute("""
                INSERT INTO spans (project_id, trace_id, span_id, name, service_name, start_time_ns, duration_ns)
                SELECT '%s', lower(hex(toFixedString(toString(number), 16))), toString(number), 'busy', 'batch',
                       %d + number * 50000000, 1000000
                FROM numbers(60000)""".formatted(a.projectId(), (T0.getEpochSecond() + 7200) * 1_000_000_000L));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aTraceIsReadByIdAsATreeWithTimesAsStrings() throws Exception {
        var response = get("/api/v1/projects/" + a.projectId() + "/traces/" + TRACE_A, a.key());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode trace = JSON.readTree(response.body());
        assertThat(trace.get("spanCount").asInt()).isEqualTo(2);
        assertThat(trace.get("errorCount").asInt()).isEqualTo(1);
        JsonNode root = trace.get("roots").get(0);
        assertThat(root.get("span").get("name").asString()).isEqualTo("GET /checkout");
        assertThat(root.get("children").get(0).get("span").get("name").asString()).isEqualTo("charge");
        // Nanosecond times exceed what JavaScript holds exactly; they are strings, as in OTLP/JSON.
        assertThat(trace.get("startNanos").isString()).isTrue();
        assertThat(trace.get("startNanos").asString())
                .isEqualTo(Long.toString(T0.getEpochSecond() * 1_000_000_000L));
    }

    @Test
    void searchesAnswerWithTheProjectsOwnData() throws Exception {
        var traces = post("/api/v1/projects/" + a.projectId() + "/traces/search", a.key(),
                "{\"filter\":{" + WINDOW + ",\"status\":\"error\"}}");
        assertThat(traces.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(traces.body()).get("traces")).extracting(t -> t.get("traceId").asString())
                .containsExactly(TRACE_A);

        var logs = post("/api/v1/projects/" + a.projectId() + "/logs/search", a.key(),
                "{" + WINDOW + ",\"text\":\"declined\"}");
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(logs.body()).get("logs")).extracting(l -> l.get("body").asString())
                .containsExactly("card declined by issuer");

        var ofTrace = get("/api/v1/projects/" + a.projectId() + "/traces/" + TRACE_A + "/logs", a.key());
        assertThat(JSON.readTree(ofTrace.body()).get("logs")).hasSize(1);
    }

    @Test
    void aggregatesCountExactlyByGroup() throws Exception {
        var response = post("/api/v1/projects/" + a.projectId() + "/spans/aggregate", a.key(),
                "{\"filter\":{" + WINDOW + "},\"groupBy\":[{\"field\":\"service_name\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode groups = JSON.readTree(response.body()).get("groups");
        assertThat(groups).extracting(g -> g.get("key").get(0).asString()).containsExactly("checkout", "payments");
        JsonNode payments = groups.get(1).get("measures");
        assertThat(payments.get("count").asLong()).isEqualTo(1);
        assertThat(payments.get("errors").asLong()).isEqualTo(1);
        assertThat(payments.get("values").get("max").asDouble()).isEqualTo(100_000_000.0);
    }

    @Test
    void noEndpointShowsAnotherProjectsData() throws Exception {
        String pathA = "/api/v1/projects/" + a.projectId();
        String pathB = "/api/v1/projects/" + b.projectId();
        // Project b's trace, asked for through project a with a's key: not there.
        assertThat(get(pathA + "/traces/" + TRACE_B, a.key()).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get(pathA + "/traces/" + TRACE_B + "/logs", a.key()).body()).get("logs")).isEmpty();
        assertThat(JSON.readTree(post(pathA + "/traces/search", a.key(), "{\"filter\":{" + WINDOW
                + ",\"service\":\"vault\"}}").body()).get("traces")).isEmpty();
        assertThat(JSON.readTree(post(pathA + "/logs/search", a.key(), "{" + WINDOW + ",\"text\":\"secret\"}").body())
                .get("logs")).isEmpty();
        for (String endpoint : ANALYTICS) {
            var response = post(pathA + endpoint, a.key(), "{\"filter\":{" + WINDOW + "},\"groupBy\":[{\"field\":\"service_name\"}],"
                    + "\"selection\":{\"status\":\"error\"}}");
            assertThat(response.statusCode()).as(endpoint).isEqualTo(200);
            assertThat(response.body()).as(endpoint).doesNotContain("vault", "GET /secret");
        }
        // Project b's path with a's key: every endpoint answers 404, as for a project that does not exist.
        var answers = new ArrayList<>(List.of(get(pathB + "/traces/" + TRACE_B, a.key()),
                get(pathB + "/traces/" + TRACE_B + "/logs", a.key()),
                get(pathB + "/tail", a.key()),
                post(pathB + "/traces/search", a.key(), "{\"filter\":{" + WINDOW + "}}"),
                post(pathB + "/logs/search", a.key(), "{" + WINDOW + "}")));
        for (String endpoint : ANALYTICS) {
            answers.add(post(pathB + endpoint, a.key(), "{\"filter\":{" + WINDOW + "},\"selection\":{\"status\":\"error\"}}"));
        }
        for (var response : answers) {
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(404);
            assertThat(response.body()).doesNotContain("vault", "secret");
        }
    }

    @Test
    void aReadKeyTellsWhichProjectItReads() throws Exception {
        var response = get("/api/v1/whoami", b.key());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("projectId").asString()).isEqualTo(b.projectId());
        assertThat(get("/api/v1/whoami", ingestKeyOfA).statusCode()).isEqualTo(401);
    }

    @Test
    void readingNeedsAReadKeyAnIngestKeyIsNotEnough() throws Exception {
        String path = "/api/v1/projects/" + a.projectId() + "/traces/" + TRACE_A;

        var noKey = get(path, null);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tracehound\"");
        var unknownKey = get(path, "thk_0000000000000000000000000000000000000000");
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"tracehound\", error=\"invalid_token\"");
        var withIngestKey = get(path, ingestKeyOfA);
        assertThat(withIngestKey.statusCode()).isEqualTo(401);
        assertThat(withIngestKey.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"tracehound\", error=\"invalid_token\"");
        assertThat(withIngestKey.body()).contains("ingest key");
    }

    @Test
    void userTextInEveryParameterStaysAValue() throws Exception {
        String path = "/api/v1/projects/" + a.projectId();
        for (String evil : INJECTIONS) {
            String s = JSON.writeValueAsString(evil);
            var answers = new ArrayList<HttpResponse<String>>();
            answers.add(get(path + "/traces/" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8),
                    a.key()));
            answers.add(get(path + "/traces/" + TRACE_A + "/logs?limit=" + java.net.URLEncoder.encode(evil,
                    java.nio.charset.StandardCharsets.UTF_8), a.key()));
            for (String field : List.of("service", "spanName", "text")) {
                answers.add(post(path + "/traces/search", a.key(),
                        "{\"filter\":{" + WINDOW + ",\"" + field + "\":" + s + "}}"));
            }
            answers.add(post(path + "/traces/search", a.key(), "{\"filter\":{" + WINDOW + ",\"attributes\":[{\"key\":"
                    + s + ",\"value\":" + s + "},{\"scope\":\"resource\",\"key\":" + s + ",\"op\":\"contains\",\"value\":"
                    + s + "}]}}"));
            answers.add(post(path + "/traces/search", a.key(), "{\"filter\":{" + WINDOW + "},\"cursor\":" + s + "}"));
            for (String field : List.of("service", "text", "traceId", "cursor")) {
                answers.add(post(path + "/logs/search", a.key(), "{" + WINDOW + ",\"" + field + "\":" + s + "}"));
            }
            answers.add(post(path + "/logs/search", a.key(), "{" + WINDOW + ",\"attributes\":[{\"key\":" + s
                    + ",\"op\":\"not_equals\",\"value\":" + s + "}]}"));
            for (String endpoint : ANALYTICS) {
                answers.add(post(path + endpoint, a.key(), "{\"filter\":{" + WINDOW + ",\"service\":" + s
                        + ",\"attributes\":[{\"key\":" + s + ",\"value\":" + s + "}]},\"groupBy\":[{\"attribute\":"
                        + s + "},{\"attribute\":" + s + ",\"scope\":\"resource\"}],\"measure\":{\"attribute\":" + s
                        + "},\"sort\":" + s + ",\"selection\":{\"attributes\":[{\"key\":" + s + ",\"value\":" + s
                        + "}]}}"));
                answers.add(post(path + endpoint, a.key(), "{\"filter\":{" + WINDOW + "},\"groupBy\":[{\"field\":"
                        + s + "}]}"));
            }
            answers.add(get(path + "/metrics/names?search=" + java.net.URLEncoder.encode(evil,
                    java.nio.charset.StandardCharsets.UTF_8) + "&from=2026-11-20T10:00:00Z&to=2026-11-20T11:00:00Z",
                    a.key()));
            answers.add(post(path + "/metrics/query", a.key(), "{" + WINDOW + ",\"metric\":\"queue.depth\","
                    + "\"aggregation\":\"avg\",\"service\":" + s + ",\"attributes\":[{\"key\":" + s + ",\"value\":"
                    + s + "}],\"groupBy\":[{\"attribute\":" + s + "},{\"attribute\":" + s
                    + ",\"scope\":\"resource\"}]}"));
            answers.add(post(path + "/metrics/query", a.key(), "{" + WINDOW + ",\"metric\":" + s
                    + ",\"aggregation\":\"avg\"}"));
            answers.add(get(path + "/tail?service=" + java.net.URLEncoder.encode(evil,
                    java.nio.charset.StandardCharsets.UTF_8) + "&attribute=" + java.net.URLEncoder.encode(evil,
                    java.nio.charset.StandardCharsets.UTF_8) + "&from=" + java.net.URLEncoder.encode(evil,
                    java.nio.charset.StandardCharsets.UTF_8), a.key()));
            // Most of them are plain values that match nothing; the rest are refused as malformed.
            assertThat(answers.stream().filter(answer -> answer.statusCode() == 200).count())
                    .as("answered 200 for '" + evil + "'").isGreaterThanOrEqualTo(answers.size() / 2);
            for (var answer : answers) {
                // Either a value that matches nothing, or refused as malformed: never a server error.
                assertThat(answer.statusCode()).as(answer.uri() + " " + answer.body()).isIn(200, 400, 404);
                if (answer.statusCode() == 200) {
                    assertThat(answer.body()).doesNotContain("vault", "secret of project beta");
                }
            }
        }
        assertThat(app.clickHouse().count("SELECT count() AS c FROM spans")).isEqualTo(60_003);
    }

    @Test
    void badInputIsA400ThatSaysWhatToFix() throws Exception {
        String path = "/api/v1/projects/" + a.projectId();

        var noWindow = post(path + "/traces/search", a.key(), "{\"filter\":{}}");
        assertThat(noWindow.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noWindow.body()).get("detail").asString()).contains("'from' and 'to' are required");

        var tooWide = post(path + "/logs/search", a.key(),
                "{\"from\":\"2026-11-01T00:00:00Z\",\"to\":\"2026-11-20T00:00:00Z\"}");
        assertThat(tooWide.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooWide.body()).get("detail").asString()).contains("at most 7 days");

        var notATime = post(path + "/logs/search", a.key(), "{\"from\":\"yesterday\",\"to\":\"2026-11-20T00:00:00Z\"}");
        assertThat(notATime.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notATime.body()).get("detail").asString()).contains("yesterday");

        var badId = get(path + "/traces/not-a-trace-id", a.key());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).get("detail").asString()).contains("32 hex digits");

        var unknownField = post(path + "/spans/aggregate", a.key(),
                "{\"filter\":{" + WINDOW + "},\"groupBy\":[{\"field\":\"colour\"}]}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownField.body()).get("detail").asString())
                .contains("unknown field 'colour'", "service_name");
    }

    @Test
    void aQueryReadingTooMuchIsA400ThatSaysHowToNarrowIt() throws Exception {
        String path = "/api/v1/projects/" + a.projectId() + "/traces/search";

        var broad = post(path, a.key(), "{\"filter\":{\"from\":\"2026-11-20T12:00:00Z\",\"to\":\"2026-11-20T13:00:00Z\","
                + "\"text\":\"nothing like this\"}}");
        assertThat(broad.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(broad.body());
        assertThat(problem.get("type").asString()).endsWith("/query-too-broad");
        assertThat(problem.get("detail").asString()).contains("more than 40000 rows", "Narrow the time range");

        var narrow = post(path, a.key(), "{\"filter\":{" + WINDOW + "}}");
        assertThat(narrow.statusCode()).isEqualTo(200);
    }

    @Test
    void liveTailDeliversASpanSentAfterSubscribingWithinTwoSecondsAndNothingOfAnotherProject() throws Exception {
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        var stream = HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/api/v1/projects/" + a.projectId()
                        + "/tail?service=tailed&quietSeconds=1"))
                .header("Authorization", "Bearer " + a.key()).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));
        try {
            awaitLine(lines, "event:open", Duration.ofSeconds(5));
            // Project b stores a span of the same service first; a's stream must never show it.
            assertThat(sendSpan(ingestKeyOfB, "of beta")).isEqualTo(200);
            long sent = System.nanoTime();
            assertThat(sendSpan(ingestKeyOfA, "of alpha")).isEqualTo(200);

            String data = awaitLine(lines, "of alpha", Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            assertThat(data).startsWith("data:");
            assertThat(awaitLine(lines, "event:trace-complete", Duration.ofSeconds(5))).isNotNull();
            assertThat(awaitLine(lines, "heartbeat", Duration.ofSeconds(3))).isNotNull();
            assertThat(String.join("\n", lines)).doesNotContain("of beta");
        } finally {
            stream.body().close();
            reader.interrupt();
        }
        var otherProject = get("/api/v1/projects/" + b.projectId() + "/tail", a.key());
        assertThat(otherProject.statusCode()).isEqualTo(404);
    }

    private static int sendSpan(String ingestKey, String name) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String trace = java.util.UUID.randomUUID().toString().replace("-", "");
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"tailed"}}]},
                  "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"00000000000000aa","name":"%s","kind":2,
                    "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}""".formatted(trace, name, now, now + 1_000_000);
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/v1/traces"))
                .header("Authorization", "Bearer " + ingestKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** The first line (from the start of the stream) containing the text, waiting at most {@code within}. */
    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, String text, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        var seen = new ArrayList<String>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(text)) {
                    lines.addAll(seen);
                    return line;
                }
            }
        }
        lines.addAll(seen);
        throw new AssertionError("no line with '" + text + "' within " + within + "; saw " + seen);
    }

    @Test
    void theApiIsDescribedByAnOpenApiDocument() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(response.body()).get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/projects/{project}/traces/search",
                "/api/v1/projects/{project}/traces/{traceId}", "/api/v1/projects/{project}/logs/search");
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static dev.tracehound.analytics.MetricRow gauge(String project, String service) {
        long at = (T0.getEpochSecond() + 60) * 1_000_000_000L;
        return new dev.tracehound.analytics.MetricRow(project, "queue.depth", "", "",
                dev.tracehound.analytics.MetricRow.MetricType.GAUGE, null, false, service, "", "", 0, at,
                Map.of("service.name", service), Map.of("queue", service), 7, null);
    }

    private static SpanRow span(String project, String trace, String id, String parent, String name, String service,
            long startMs, long durationMs, StatusCode status) {
        long start = T0.getEpochSecond() * 1_000_000_000L + Duration.ofMillis(startMs).toNanos();
        return new SpanRow(project, trace, id, parent, "", name, SpanKind.SERVER, status, "", service, "", "", start,
                Duration.ofMillis(durationMs).toNanos(), Map.of("service.name", service), Map.of(), List.of(),
                List.of(), SpanRow.LlmUsage.NONE);
    }

    private static LogRow log(String project, String trace, String body) {
        long time = T0.getEpochSecond() * 1_000_000_000L + 5_000_000;
        return new LogRow(project, time, time, trace, "", 17, "ERROR", "payments", body, Map.of("service.name", "payments"),
                Map.of(), "");
    }
}
