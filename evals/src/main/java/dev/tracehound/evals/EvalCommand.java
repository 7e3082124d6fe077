package dev.tracehound.evals;

import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.model.AgentModel;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.evals.gate.CiGate;
import dev.tracehound.evals.report.BaselineDiff;
import dev.tracehound.evals.report.EvalReport;
import dev.tracehound.evals.report.ReportFiles;
import dev.tracehound.evals.report.SummaryTable;
import dev.tracehound.evals.run.EvalRunner;
import dev.tracehound.evals.run.ScenarioResult;
import dev.tracehound.evals.run.StoredTelemetry;
import dev.tracehound.evals.scenario.Scenario;
import dev.tracehound.evals.scenario.ScenarioFiles;
import dev.tracehound.evals.score.JudgeScorer;
import dev.tracehound.evals.store.EvalDatabase;
import dev.tracehound.evals.store.EvalRuns;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One {@code ./dev eval} run: the scenarios chosen, run, scored, reported, stored and, for CI, gated. */
final class EvalCommand {

    /** Eval telemetry stays out of the service's database, where retention would drop its old days. */
    static final String CLICKHOUSE_DATABASE = "tracehound_evals";
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final EvalOptions options;
    private final Map<String, String> env;
    private final PrintStream out;

    EvalCommand(EvalOptions options, Map<String, String> env, PrintStream out) {
        this.options = options;
        this.env = env;
        this.out = out;
    }

    int run() throws InterruptedException {
        Optional<CiGate> gate = options.gate().map(CiGate::read);
        if (gate.isPresent() && !options.model().equals("offline")) {
            throw new IllegalArgumentException("the gate is measured on the offline investigator; --gate runs it, "
                    + "not " + options.model());
        }
        List<Scenario> scenarios = chosen(ScenarioFiles.read(options.scenarios()), gate);
        Function<Clock, AgentModel> models = Models.of(options.model(), env);
        Optional<JudgeScorer> judge = options.judge().map(choice -> new JudgeScorer(Models.provider(choice, env)));
        String modelName = models.apply(Clock.systemUTC()).name();
        out.printf("eval: %d scenarios against %s%s, %d at a time, %d s each at most%n", scenarios.size(), modelName,
                judge.map(j -> " (judged by " + j.model() + ")").orElse(""), options.parallelism(),
                options.timeout().toSeconds());

        String clickHouseUrl = env.getOrDefault("CLICKHOUSE_URL", "http://127.0.0.1:8123");
        try (ClickHouse clickHouse = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl,
                env.getOrDefault("TRACEHOUND_EVALS_CLICKHOUSE_DATABASE", CLICKHOUSE_DATABASE)));
             EvalDatabase database = EvalDatabase.open(
                     env.getOrDefault("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/tracehound"),
                     env.getOrDefault("DATABASE_USER", "tracehound"), env.getOrDefault("DATABASE_PASSWORD", "tracehound"),
                     options.parallelism() * 2 + 2)) {
            new SchemaMigrator(clickHouse).migrate();
            if (options.loadOnly()) {
                return load(new StoredTelemetry(clickHouse), scenarios);
            }
            var runs = new EvalRuns(database.dataSource());
            var runner = new EvalRunner(clickHouse, new SessionStore(JdbcClient.create(database.dataSource())), models,
                    new StoredTelemetry(clickHouse), new EvalRunner.Settings(options.parallelism(), options.timeout()),
                    out::println, judge);
            Instant started = Instant.now();
            List<ScenarioResult> results = runner.run(scenarios);
            Instant finished = Instant.now();

            String id = UUID.randomUUID().toString();
            Optional<BaselineDiff> diff = baseline(runs, modelName, gate).map(then -> BaselineDiff.of(then.getKey(),
                    then.getValue(), results));
            var report = EvalReport.of(id, started, finished, gitCommit(), modelName, AgentLoop.systemPromptHash(),
                    options.filterText(), results, diff);
            Path folder = options.out().resolve(FOLDER_TIME.format(started) + "-" + modelName.replaceAll("[^A-Za-z0-9.-]", "_"));
            Path html = ReportFiles.write(folder, report);
            runs.save(report);

            out.println();
            out.print(SummaryTable.text(report.summary()));
            diff.ifPresent(d -> out.printf("against %s: %d regressions %s, %d fixes %s%n", d.baseline(),
                    d.regressions().size(), d.regressions(), d.fixes().size(), d.fixes()));
            out.printf("report: %s (and report.json beside it); run %s stored in PostgreSQL (schema %s)%n",
                    html.toAbsolutePath(), id, EvalDatabase.SCHEMA);
            return gate.map(g -> gated(g, results)).orElse(0);
        }
    }

    /** Loads the scenarios, {@code parallelism} at a time, and says how long it took; 2 when any failed. */
    private int load(StoredTelemetry telemetry, List<Scenario> scenarios) throws InterruptedException {
        long started = System.nanoTime();
        long spans = 0;
        int failed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(options.parallelism())) {
            var loads = new ArrayList<Future<Long>>();
            for (Scenario scenario : scenarios) {
                loads.add(pool.submit(() -> telemetry.load(scenario).spans()));
            }
            for (int i = 0; i < loads.size(); i++) {
                try {
                    spans += loads.get(i).get();
                } catch (ExecutionException e) {
                    failed++;
                    out.println("scenario " + scenarios.get(i).name() + " could not be loaded: " + e.getCause());
                }
            }
        }
        out.printf(Locale.ROOT, "loaded %d scenarios (%,d spans) in %.1f s%s%n", scenarios.size() - failed, spans,
                (System.nanoTime() - started) / 1e9, failed == 0 ? "" : "; " + failed + " failed");
        return failed == 0 ? 0 : 2;
    }

    private List<Scenario> chosen(List<Scenario> all, Optional<CiGate> gate) {
        if (gate.isPresent()) {
            return all.stream().filter(s -> gate.get().scenarios().contains(s.name())).toList();
        }
        List<Scenario> chosen = all.stream()
                .filter(s -> options.filters().isEmpty() || options.filters().stream().anyMatch(s::matches)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no scenario matches " + options.filters() + " (names, tags such as "
                    + "easy or incident, categories, templates)");
        }
        return chosen;
    }

    /** What to compare with: the gate's baseline, a file, or the newest stored run of the model and selection. */
    private Optional<Map.Entry<String, Map<String, Boolean>>> baseline(EvalRuns runs, String model, Optional<CiGate> gate) {
        if (gate.isPresent()) {
            return Optional.of(Map.entry("the gate's baseline (" + options.gate().orElseThrow() + ")", gate.get().baseline()));
        }
        return switch (options.baseline()) {
            case "none" -> Optional.empty();
            case "last" -> runs.latest(model, options.filterText())
                    .map(last -> Map.entry("run " + last.id() + " of " + last.startedAt(), last.passedByScenario()));
            default -> {
                Path file = Path.of(options.baseline());
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("--baseline " + file + ": no such file (a report.json, a baseline "
                            + "file, last or none)");
                }
                yield Optional.of(Map.entry(file.toString(), ReportFiles.passedIn(file)));
            }
        };
    }

    private int gated(CiGate gate, List<ScenarioResult> results) {
        CiGate.Verdict verdict = gate.judge(results);
        out.printf(Locale.ROOT, "CI gate: pass rate %.1f%% over %d scenarios (threshold %.1f%%): %s%n",
                verdict.passRate() * 100, gate.scenarios().size(), gate.threshold() * 100,
                verdict.passed() ? "passed" : "FAILED");
        verdict.reasons().forEach(reason -> out.println("  " + reason));
        return verdict.passed() ? 0 : 1;
    }

    private String gitCommit() {
        String fromEnv = env.get("GIT_COMMIT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String commit = new String(git.getInputStream().readAllBytes()).strip();
            boolean dirty = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start()
                    .getInputStream().readAllBytes().length > 0;
            return git.waitFor() == 0 ? commit + (dirty ? "+changes" : "") : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
