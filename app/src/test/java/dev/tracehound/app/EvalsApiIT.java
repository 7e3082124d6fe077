package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.evals.report.BaselineDiff;
import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.run.QuestionResult;
import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.score.Outcome;
import dev.tracehound.evals.score.QuestionScore;
import dev.tracehound.evals.score.Trajectory;
import dev.tracehound.evals.store.EvalDatabase;
import dev.tracehound.evals.store.EvalRuns;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /api/v1/evals/runs and /runs/{run} over HTTP: the runs ./dev eval keeps in the schema evals
 * of the service's database, read by anyone with a role in a workspace, never by a project's key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvalsApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant STARTED = Instant.parse("2026-12-07T23:00:00Z");

    private static TestIssuer issuer;
    private static RunningApp app;
    private static String owner;
    private static String stranger;
    private static String readKey;
    private static EvalDatabase evalDatabase;
    private static EvalReport older;
    private static EvalReport newer;

    record Answer(int status, JsonNode json, String text) {}

    @BeforeAll
    static void start() throws Exception {
        issuer = TestIssuer.start();
        app = RunningApp.start(Map.of("tracehound.auth.jwt.issuer-uri", issuer.issuer(),
                "tracehound.identity.default-workspace", "acme"));
        // The first person to sign in owns the workspace; the second belongs to none.
        owner = issuer.token("owner", "owner@acme.test");
        assertThat(get("/api/v1/me", owner).status()).isEqualTo(200);
        stranger = issuer.token("stranger", "stranger@elsewhere.test");
        assertThat(get("/api/v1/me", stranger).json().path("workspaces").size()).isZero();
        Project shop = app.bean(ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
        readKey = app.bean(ApiKeys.class).create(shop.id(), "evals", ApiKeys.Scope.READ);
    }

    @AfterAll
    static void stop() {
        if (evalDatabase != null) {
            evalDatabase.close();
        }
        app.close();
        issuer.close();
    }

    @Test
    @Order(1)
    void beforeTheFirstRunThereAreNoRunsAndNoError() throws Exception {
        var answer = get("/api/v1/evals/runs", owner);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().isArray()).isTrue();
        assertThat(answer.json().size()).isZero();
    }

    @Test
    @Order(2)
    void theRunsSavedByAnEvalAreListedNewestFirstWithTheirPassRate() throws Exception {
        runsSaved();

        var answer = get("/api/v1/evals/runs?limit=10", owner);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().size()).isEqualTo(2);
        JsonNode first = answer.json().get(0);
        assertThat(first.path("id").asString()).isEqualTo(newer.id());
        assertThat(first.path("gitCommit").asString()).isEqualTo("def456");
        assertThat(first.path("model").asString()).isEqualTo("offline-investigator");
        assertThat(first.path("promptHash").asString()).isEqualTo("f".repeat(64));
        assertThat(first.path("filter").asString()).isEqualTo("healthy error-spike-01");
        assertThat(first.path("scenarios").asInt()).isEqualTo(2);
        assertThat(first.path("passed").asInt()).isEqualTo(1);
        assertThat(first.path("passRate").asDouble()).isEqualTo(0.5);
        assertThat(Instant.parse(first.path("startedAt").asString())).isEqualTo(STARTED.plusSeconds(600));
        assertThat(answer.json().get(1).path("id").asString()).isEqualTo(older.id());
        assertThat(get("/api/v1/evals/runs?limit=1", owner).json().size()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aRunOpensAsItsWholeReport() throws Exception {
        runsSaved();

        var answer = get("/api/v1/evals/runs/" + newer.id(), owner);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode report = answer.json();
        assertThat(report.path("id").asString()).isEqualTo(newer.id());
        assertThat(report.path("summary").path("overall").path("outcomes").path("wrong").asInt()).isEqualTo(1);
        assertThat(report.path("summary").path("byCategory").has("error-spike")).isTrue();
        assertThat(report.path("diff").path("regressions").get(0).asString()).isEqualTo("error-spike-01");
        JsonNode question = report.path("results").get(0).path("questions").get(0);
        assertThat(question.path("answer").asString()).isEqualTo("It is <b>payments</b> & more");
        assertThat(question.path("score").path("outcome").asString()).isEqualTo("WRONG");
        assertThat(question.path("trajectory").path("calls").get(0).path("tool").asString()).isEqualTo("aggregate");
    }

    @Test
    @Order(2)
    void anUnknownRunIsNotFound() throws Exception {
        runsSaved();

        var answer = get("/api/v1/evals/runs/" + UUID.randomUUID(), owner);

        assertThat(answer.status()).as(answer.text()).isEqualTo(404);
        assertThat(answer.json().path("type").asString()).endsWith("/not-found");
        assertThat(answer.json().path("detail").asString()).contains("no eval run");
    }

    @Test
    @Order(2)
    void aMalformedRunIdOrLimitIsABadRequest() throws Exception {
        var malformed = get("/api/v1/evals/runs/not-a-run", owner);
        var limit = get("/api/v1/evals/runs?limit=0", owner);

        assertThat(malformed.status()).as(malformed.text()).isEqualTo(400);
        assertThat(malformed.json().path("type").asString()).endsWith("/bad-request");
        assertThat(malformed.json().path("detail").asString()).contains("not a run id");
        assertThat(limit.status()).as(limit.text()).isEqualTo(400);
        assertThat(limit.json().path("detail").asString()).contains("'limit' is 1 to 500");
    }

    @Test
    @Order(2)
    void nobodyAndAProjectsKeyAndSomeoneOfNoWorkspaceMayNotReadThem() throws Exception {
        runsSaved();
        String run = "/api/v1/evals/runs/" + newer.id();

        assertThat(get("/api/v1/evals/runs", null).status()).isEqualTo(401);
        assertThat(get(run, null).status()).isEqualTo(401);
        var byKey = get(run, readKey);
        assertThat(byKey.status()).as(byKey.text()).isEqualTo(403);
        assertThat(byKey.text()).contains("role-not-allowed").contains("read key");
        assertThat(get("/api/v1/evals/runs", readKey).status()).isEqualTo(403);
        var byStranger = get("/api/v1/evals/runs", stranger);
        assertThat(byStranger.status()).as(byStranger.text()).isEqualTo(403);
        assertThat(byStranger.text()).contains("no workspace");
    }

    /** Two runs, as ./dev eval saves them: into the schema evals, migrated by the evals module. */
    private static synchronized void runsSaved() {
        if (evalDatabase != null) {
            return;
        }
        String url = app.context().getEnvironment().getRequiredProperty("spring.datasource.url");
        evalDatabase = EvalDatabase.open(url, ThrowawayPostgres.user(), ThrowawayPostgres.password(), 2);
        older = EvalReport.of(UUID.randomUUID().toString(), STARTED, STARTED.plusSeconds(95), "abc123",
                "offline-investigator", "f".repeat(64), "healthy error-spike-01",
                List.of(result("error-spike-01", "error-spike", Outcome.CORRECT), result("healthy-01", "healthy", Outcome.CORRECT)),
                Optional.empty());
        List<ScenarioResult> now = List.of(result("error-spike-01", "error-spike", Outcome.WRONG),
                result("healthy-01", "healthy", Outcome.CORRECT));
        newer = EvalReport.of(UUID.randomUUID().toString(), STARTED.plusSeconds(600), STARTED.plusSeconds(700), "def456",
                "offline-investigator", "f".repeat(64), "healthy error-spike-01", now,
                Optional.of(BaselineDiff.of(older.id(), older.passedByScenario(), now)));
        var runs = new EvalRuns(evalDatabase.dataSource());
        runs.save(older);
        runs.save(newer);
    }

    private static ScenarioResult result(String name, String category, Outcome outcome) {
        var score = new QuestionScore(outcome, outcome == Outcome.CORRECT ? List.of() : List.of("payments"), List.of(),
                List.of(), List.of(), 0, outcome == Outcome.CORRECT, null);
        var trajectory = new Trajectory(List.of(new Trajectory.Call("aggregate", "{\"group_by\":[\"service\"]}", false)),
                1_000, 200, 0.01, 1_500);
        var question = new QuestionResult("What is wrong?", "incident", List.of("payments"), List.of("2.3.1"),
                "It is <b>payments</b> & more", score, trajectory, UUID.randomUUID().toString(), "completed", "");
        return new ScenarioResult(name, category, category, List.of("medium", "incident"), "medium", List.of(question),
                10, "");
    }

    private static Answer get(String path, String bearer) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body())
                : JSON.createObjectNode();
        return new Answer(response.statusCode(), json, response.body());
    }
}
