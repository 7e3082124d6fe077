package dev.tracehound.evals.run;

import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.evals.scenario.Question;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.score.AnswerScorer;
import dev.tracehound.evals.score.JudgeScorer;
import dev.tracehound.evals.score.Outcome;
import dev.tracehound.evals.score.QuestionScore;
import dev.tracehound.evals.score.Trajectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scenarios against an agent: loads each one's telemetry into a project of its own, asks its
 * questions, and scores the answers. At most {@code parallelism} scenarios run at once; each
 * has {@code timeout} for all its questions, after which the run is cancelled and scored as
 * failed. A scenario that cannot be loaded fails alone; the others go on.
 */
public final class EvalRunner {

    private static final Logger log = LoggerFactory.getLogger(EvalRunner.class);

    public record Settings(int parallelism, Duration timeout) {

        public Settings {
            if (parallelism < 1 || parallelism > 32) {
                throw new IllegalArgumentException("parallelism is 1 to 32, was " + parallelism);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a scenario's timeout must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(2, Duration.ofMinutes(3));
        }
    }

    /** Puts a scenario's telemetry into ClickHouse (or finds it there already). */
    @FunctionalInterface
    public interface Telemetry {
        LoadedScenario load(Scenario scenario);
    }

    private final ClickHouse clickHouse;
    private final SessionStore sessions;
    private final Function<Clock, AgentModel> models;
    private final Telemetry telemetry;
    private final Settings settings;
    private final Consumer<String> progress;
    private final Optional<JudgeScorer> judge;

    /**
     * @param models the agent's model for a scenario, given the scenario's clock (the offline
     *               investigator reads "now" from it; a provider's model ignores it)
     * @param progress receives a line per finished scenario
     * @param judge    the LLM-as-judge scorer, when a judge model is configured
     */
    public EvalRunner(ClickHouse clickHouse, SessionStore sessions, Function<Clock, AgentModel> models,
            Telemetry telemetry, Settings settings, Consumer<String> progress, Optional<JudgeScorer> judge) {
        this.clickHouse = Objects.requireNonNull(clickHouse, "clickHouse");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.models = Objects.requireNonNull(models, "models");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    /** The results in the scenarios' order. */
    public List<ScenarioResult> run(List<Scenario> scenarios) throws InterruptedException {
        var done = new AtomicInteger();
        var futures = new ArrayList<Future<ScenarioResult>>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism(), Thread.ofVirtual().factory());
        try {
            for (Scenario scenario : scenarios) {
                futures.add(pool.submit(() -> {
                    ScenarioResult result;
                    try {
                        result = runOne(scenario);
                    } catch (RuntimeException | LinkageError e) {
                        log.error("scenario {} failed", scenario.name(), e);
                        result = failed(scenario, 0, "the run failed: " + e);
                    }
                    progress.accept(line(done.incrementAndGet(), scenarios.size(), result));
                    return result;
                }));
            }
            var results = new ArrayList<ScenarioResult>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(failed(scenarios.get(i), 0, "the run failed: " + e.getCause()));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private ScenarioResult runOne(Scenario scenario) throws InterruptedException {
        LoadedScenario loaded;
        try {
            loaded = telemetry.load(scenario);
        } catch (RuntimeException e) {
            log.error("scenario {}: its telemetry could not be loaded", scenario.name(), e);
            return failed(scenario, 0, "its telemetry could not be loaded: " + e.getMessage());
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        var answered = new ArrayList<QuestionResult>();
        try (var agent = new AgentUnderTest(clickHouse, sessions, models, scenario.anchor(), loaded.projectId())) {
            for (Question question : scenario.questions()) {
                answered.add(ask(agent, scenario, question, loaded, deadline));
            }
        }
        return new ScenarioResult(scenario.name(), scenario.template(), scenario.category(), scenario.tags(),
                scenario.difficulty(), answered, loaded.loadMillis(), "");
    }

    private QuestionResult ask(AgentUnderTest agent, Scenario scenario, Question question, LoadedScenario loaded,
            long deadline) throws InterruptedException {
        List<String> expected = AnswerScorer.described(question.mustContain(), loaded.expected());
        List<String> wrong = AnswerScorer.described(question.mustNotClaim(), loaded.expected());
        String ask = question.ask();
        if (question.trace() != null) {
            var trace = loaded.traces().apply(question.trace());
            if (trace.isEmpty()) {
                return unanswered(question, ask, expected, wrong, "no trace of the telemetry matches "
                        + question.trace().describe());
            }
            ask = ask.replace("{trace}", trace.get());
        }
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            return unanswered(question, ask, expected, wrong, "the scenario's time ran out before this question");
        }
        AgentUnderTest.Asked asked = agent.ask(scenario.name(), ask, left);
        QuestionScore score = AnswerScorer.score(question, asked.answer(), loaded.expected());
        if (judge.isPresent() && !asked.answer().isBlank()) {
            score = score.judged(judge.get().judge(question, ask, expected, wrong, asked.answer()));
        }
        return new QuestionResult(ask, question.kind(), expected, wrong, asked.answer(), score, asked.trajectory(),
                asked.sessionId().toString(), asked.ended(), asked.error());
    }

    private static QuestionResult unanswered(Question question, String ask, List<String> expected, List<String> wrong,
            String why) {
        var score = new QuestionScore(Outcome.FAILED, expected, List.of(), List.of(), List.of(), 0, false, null);
        return new QuestionResult(ask, question.kind(), expected, wrong, "", score,
                new Trajectory(List.of(), 0, 0, 0, 0), "", "error", why);
    }

    private static ScenarioResult failed(Scenario scenario, long loadMillis, String error) {
        return new ScenarioResult(scenario.name(), scenario.template(), scenario.category(), scenario.tags(),
                scenario.difficulty(), List.of(), loadMillis, error);
    }

    private static String line(int done, int total, ScenarioResult result) {
        String outcome = result.passed() ? "pass" : !result.error().isEmpty() ? "error: " + result.error()
                : "fail (" + String.join(", ", result.questions().stream().map(q -> q.score().outcome().wireName()).toList()) + ")";
        long millis = result.questions().stream().mapToLong(q -> q.trajectory().wallMillis()).sum();
        return String.format("[%d/%d] %s: %s in %.1f s", done, total, result.name(), outcome, millis / 1000.0);
    }
}
