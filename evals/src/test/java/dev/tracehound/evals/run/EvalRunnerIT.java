package dev.tracehound.evals.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.model.ModelProviders;
import dev.tracehound.agent.model.ModelSettings;
import dev.tracehound.agent.offline.OfflineInvestigator;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.evals.generate.ScenarioLoader;
import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.report.ReportFiles;
import dev.tracehound.evals.generate.TelemetryGenerator;
import dev.tracehound.evals.generate.TelemetrySink;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.score.Trajectory;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.score.JudgeScorer;
import dev.tracehound.evals.score.Outcome;
import dev.tracehound.evals.store.EvalDatabase;
import dev.tracehound.evals.store.EvalRuns;
import dev.tracehound.evals.template.Suite;
import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.RecordedRequest;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.fixtures.ThrowawayClickHouse;
import dev.tracehound.fixtures.ThrowawayPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scenarios of the suite run end to end on the real parts: their telemetry in ClickHouse, the
 * agent's sessions in PostgreSQL's schema evals, the answers scored and reported; once with the
 * offline investigator, once with a model and a judge behind a local OpenAI-compatible server.
 */
class EvalRunnerIT {

    private static final Map<String, Scenario> SUITE = new java.util.LinkedHashMap<>();
    private static ThrowawayClickHouse clickHouseDatabase;
    private static ThrowawayPostgres postgres;
    private static ClickHouse clickHouse;
    private static EvalDatabase database;

    @BeforeAll
    static void start() {
        Suite.generate(Suite.SEED).forEach(scenario -> SUITE.put(scenario.name(), scenario));
        clickHouseDatabase = ThrowawayClickHouse.create();
        clickHouse = clickHouseDatabase.closing(ClickHouse.connect(
                ClickHouseSettings.of(clickHouseDatabase.url(), clickHouseDatabase.name())));
        new SchemaMigrator(clickHouse).migrate();
        postgres = ThrowawayPostgres.create("evals");
        database = EvalDatabase.open(postgres.url(), ThrowawayPostgres.user(), ThrowawayPostgres.password(), 6);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (clickHouseDatabase != null) {
            clickHouseDatabase.close();
        }
    }

    private static List<Scenario> scenarios(String... names) {
        return java.util.Arrays.stream(names).map(SUITE::get).toList();
    }

    private static EvalRunner runner(Function<Clock, AgentModel> models, Optional<JudgeScorer> judge, List<String> progress) {
        return new EvalRunner(clickHouse, new SessionStore(JdbcClient.create(database.dataSource())), models,
                new StoredTelemetry(clickHouse), new EvalRunner.Settings(2, Duration.ofMinutes(2)), progress::add, judge);
    }

    @Test
    void theOfflineInvestigatorAnswersEachScenarioInASessionOfItsOwnAndIsScored(@TempDir Path reports) throws Exception {
        var progress = new CopyOnWriteArrayList<String>();
        List<Scenario> chosen = scenarios("error-spike-01", "llm-usage-01", "counts-01", "healthy-01");

        List<ScenarioResult> results = runner(OfflineInvestigator::new, Optional.empty(), progress).run(chosen);

        assertThat(results).extracting(ScenarioResult::name)
                .containsExactly("error-spike-01", "llm-usage-01", "counts-01", "healthy-01");
        assertThat(progress).hasSize(4).allSatisfy(line -> assertThat(line).matches("\\[\\d/4] .+: .+ in .+ s"));
        for (ScenarioResult result : results) {
            assertThat(result.error()).isEmpty();
            QuestionResult question = result.questions().getFirst();
            assertThat(question.ended()).as(result.name()).isEqualTo("completed");
            assertThat(question.answer()).as(result.name()).isNotBlank();
            assertThat(question.trajectory().calls()).as(result.name() + " called tools").isNotEmpty();
            assertThat(question.trajectory().tokens()).as("estimated tokens are metered").isPositive();
            assertThat(question.score().outcome()).isNotEqualTo(Outcome.FAILED);
            assertThat(result.passed()).isEqualTo(question.score().outcome() == Outcome.CORRECT);
        }
        var sessions = JdbcClient.create(database.dataSource())
                .sql("SELECT count(*) FROM evals.agent_sessions WHERE project_id IN (:projects)")
                .param("projects", chosen.stream().map(s -> UUID.fromString(ScenarioLoader.projectId(s))).toList())
                .query(Long.class).single();
        assertThat(sessions).as("a session per question, in the scenario's project").isGreaterThanOrEqualTo(4);

        var report = EvalReport.of(UUID.randomUUID().toString(), java.time.Instant.now(), java.time.Instant.now(),
                "test", OfflineInvestigator.MODEL_NAME, "hash", "", results, Optional.empty());
        Path html = ReportFiles.write(reports, report);
        new EvalRuns(database.dataSource()).save(report);
        assertThat(Files.readString(html)).contains("error-spike-01", "healthy-01");
        assertThat(new EvalRuns(database.dataSource()).latest(OfflineInvestigator.MODEL_NAME, "")).contains(report);
    }

    @Test
    void aModelBehindAnOpenAiCompatibleServerIsRunOnEveryCategoryAndJudged() throws Exception {
        // One scenario of each category; the fake model answers each as a perfect agent would, but
        // declines one question and answers another off the topic; the judge passes perfect answers.
        // (The fake knows a question by its words: each chosen one is asked in words of its own.)
        var byCategory = new java.util.TreeMap<String, Scenario>();
        var asks = new java.util.HashSet<String>();
        for (Scenario scenario : SUITE.values()) {
            String ask = scenario.questions().getFirst().ask().split("\\{trace}")[0];
            if (!byCategory.containsKey(scenario.category()) && asks.stream().noneMatch(a -> a.startsWith(ask) || ask.startsWith(a))) {
                byCategory.put(scenario.category(), scenario);
                asks.add(ask);
            }
        }
        List<Scenario> chosen = List.copyOf(byCategory.values());
        Scenario declined = chosen.stream().filter(s -> s.category().equals("counts")).findFirst().orElseThrow();
        Scenario offTopic = chosen.stream().filter(s -> s.category().equals("llm-usage")).findFirst().orElseThrow();
        var answers = new java.util.concurrent.ConcurrentHashMap<String, String>();
        for (Scenario scenario : chosen) {
            var generated = TelemetryGenerator.generate(scenario, ScenarioLoader.projectId(scenario),
                    TelemetrySink.discarding());
            Question question = scenario.questions().getFirst();
            answers.put(question.ask().split("\\{trace}")[0], scenario == declined
                    ? "I can't answer that without a configured model."
                    : scenario == offTopic ? "Checkout 2.3.1 was deployed at 14:10 and is broken."
                    : OracleAnswers.answer(question, generated));
        }
        try (var server = FakeOpenAiServer.start()) {
            server.otherwise(request -> reply(request, answers));
            var settings = new ModelSettings(ModelSettings.Provider.OPENAI, server.baseUrl(), "sk-test",
                    FakeOpenAiServer.MODEL, 128_000, Duration.ofSeconds(30), 0);
            AgentModel model = ModelProviders.agentModel(settings);

            List<ScenarioResult> results = runner(clock -> model, Optional.of(new JudgeScorer(model)), new ArrayList<>())
                    .run(chosen);

            assertThat(results).hasSizeGreaterThanOrEqualTo(20);
            for (ScenarioResult result : results) {
                QuestionResult question = result.questions().getFirst();
                Outcome expected = result.name().equals(declined.name()) ? Outcome.DECLINED
                        : result.name().equals(offTopic.name()) ? Outcome.OFF_TOPIC : Outcome.CORRECT;
                assertThat(question.score().outcome()).as(result.name() + ": " + question.answer()).isEqualTo(expected);
                assertThat(question.score().judge().pass()).as(result.name()).isEqualTo(expected == Outcome.CORRECT);
                assertThat(question.trajectory().calls()).extracting(Trajectory.Call::tool).containsExactly("aggregate");
                assertThat(question.trajectory().inputTokens()).as("the provider's usage, metered").isEqualTo(2 * 42);
            }
            assertThat(server.requests()).filteredOn(r -> r.body().contains("You grade answers")).hasSize(results.size())
                    .allSatisfy(r -> assertThat(r.body()).contains("Expected facts"));
        }
    }

    /** The fake model: one aggregate call, then the answer for the question asked; as judge, a verdict. */
    private static Reply reply(RecordedRequest request, Map<String, String> answers) {
        String body = request.body();
        if (body.contains("You grade answers")) {
            boolean perfect = body.contains("Here is what the telemetry shows.");
            return Reply.text("{\"pass\": " + perfect + ", \"reason\": \"" + (perfect ? "states every fact" : "no")
                    + "\"}");
        }
        if (request.toolResults().isEmpty()) {
            return Reply.toolCalls(new Call("call_1", "aggregate", "{\"group_by\": [\"service\"]}"));
        }
        String asked = "";
        for (var message : request.messages()) {
            if (message.path("role").asString().equals("user")) {
                asked = message.path("content").isString() ? message.path("content").asString()
                        : message.path("content").path(0).path("text").asString();
            }
        }
        String question = asked;
        return answers.entrySet().stream().filter(e -> question.startsWith(e.getKey())).findFirst()
                .map(e -> (Reply) Reply.text(e.getValue())).orElse(Reply.text("no idea about " + question));
    }
}
