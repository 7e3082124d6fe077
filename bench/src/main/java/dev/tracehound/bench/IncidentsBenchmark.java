package dev.tracehound.bench;

import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.rule.AlertRule;
import dev.tracehound.incidents.rule.AlertRules;
import dev.tracehound.incidents.rule.RuleDraft;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.notify.NotificationChannels;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * bench/incidents, in two parts (name one to run it alone):
 *
 * <ul>
 * <li>{@code rules}: the cost of evaluating alert rules, on the 10M demo spans of {@link QueryBenchmark}
 * (database {@value #DATABASE}, loaded once and reused): {@code rules} rules of a realistic mix
 * ({@link RuleMix}) stored in a PostgreSQL database of the benchmark's own, evaluated in rounds at
 * instants spread over the data's day, each round by the batched path and, on the same instant, by the
 * single path (one by one), alternating which goes first ({@link RuleRounds}). Per side: wall time,
 * ClickHouse queries, the server's CPU time and what it read ({@link ClickHouseLoad}).</li>
 * <li>{@code report}: the time from an incident's first bad span to its report stored
 * ({@link TimeToReport}), {@code repeats} times with a fresh service each.</li>
 * </ul>
 *
 * Run with {@code ./dev bench incidents [rules] [rounds] [repeats] [rules|report]}, defaults 1000, 8, 3, both.
 */
public final class IncidentsBenchmark {

    private static final String DATABASE = "bench_query";
    /** The demo spans; {@code -Dbench.spans=200000} for a quick try (in another database: a reload drops the 10M). */
    private static final long SPANS = Long.getLong("bench.spans", 10_000_000);
    private static final int DEFAULT_RULES = 1_000;
    private static final int DEFAULT_ROUNDS = 8;
    private static final int DEFAULT_REPEATS = 3;
    private static final UUID WORKSPACE = UUID.fromString("0b3c9e55-53c4-4a3e-9d7b-6a1f2c3d4e5f");

    private IncidentsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_RULES;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_REPEATS;
        String part = args.length > 3 ? args[3] : "both";
        if (rules < 1 || rounds < 1 || repeats < 1 || !List.of("both", "rules", "report").contains(part)) {
            throw new IllegalArgumentException(
                    "usage: ./dev bench incidents [rules] [rounds] [repeats] [rules|report] (defaults 1000 8 3, both)");
        }
        String clickHouseUrl = System.getenv("CLICKHOUSE_URL");
        if (clickHouseUrl == null || clickHouseUrl.isBlank()) {
            throw new IllegalStateException("CLICKHOUSE_URL is not set: run this with ./dev bench incidents");
        }
        System.out.printf(Locale.ROOT, "bench/incidents: %,d rules, %d rounds; %d incidents to their reports; %d cores, "
                + "load average %s%n", rules, rounds, repeats, Runtime.getRuntime().availableProcessors(),
                Machine.loadAverage());
        var closer = new Closer();
        closer.closingAfter(() -> {
            if (!part.equals("report")) {
                rules(closer, clickHouseUrl, rules, rounds);
            }
            if (!part.equals("rules")) {
                report(closer, repeats);
            }
            return null;
        });
        System.out.printf("%nload average now %s%n", Machine.loadAverage());
    }

    private static void rules(Closer closer, String clickHouseUrl, int count, int rounds) {
        String database = SPANS == 10_000_000 ? DATABASE : DATABASE + "_" + SPANS;
        DemoLoad.Loaded data = DemoLoad.ensure(clickHouseUrl, database, SPANS);
        var clickHouse = closer.add(ClickHouse.connect(new ClickHouseSettings(URI.create(clickHouseUrl), null, null,
                database, null, Duration.ofMinutes(2))));
        var load = ClickHouseLoad.of(clickHouse, clickHouseUrl);
        var postgres = closer.add(BenchPostgres.create("bench_incidents")
                .migrate(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS));
        JdbcClient jdbc = JdbcClient.create(postgres.connection());
        UUID project = UUID.fromString(DemoLoad.PROJECT);
        jdbc.sql("INSERT INTO workspaces (id, slug, name) VALUES (:id, 'bench', 'Bench')").param("id", WORKSPACE).update();
        jdbc.sql("INSERT INTO projects (id, workspace_id, slug, name) VALUES (:id, :workspace, 'shop', 'Shop')")
                .param("id", project).param("workspace", WORKSPACE).update();
        var alertRules = new AlertRules(jdbc, new NotificationChannels(jdbc), Clock.systemUTC());
        Instant dayStart = data.scenario().windowStart();
        RuleMix mix = RuleMix.of(clickHouse, DemoLoad.PROJECT, dayStart.plus(Duration.ofHours(12)));
        for (RuleDraft draft : mix.drafts(count)) {
            alertRules.create(WORKSPACE, project, draft, "bench");
        }
        List<AlertRule> stored = alertRules.listEnabled();
        System.out.printf(Locale.ROOT, "ClickHouse %s, %,d spans from %s to %s (%s); %s%n", clickHouse.serverVersion(),
                data.spans(), dayStart, data.scenario().windowEnd(), data.reused() ? "reused" : "loaded now",
                load.processFound());
        System.out.printf(Locale.ROOT, "%d services; %s; stored in PostgreSQL %s%n", mix.services().size(),
                RuleRounds.describe(stored), postgres.name());

        var measured = new RuleRounds(alertRules, clickHouse, load);
        List<Instant> instants = RuleRounds.instants(dayStart.plus(Duration.ofHours(1)), data.scenario().windowEnd(),
                rounds + 1);
        System.out.println("warm-up round at " + instants.getLast() + " ...");
        measured.round(instants.getLast(), true);
        var results = new ArrayList<RuleRounds.Round>();
        for (int i = 0; i < rounds; i++) {
            RuleRounds.Round round = measured.round(instants.get(i), i % 2 == 0);
            results.add(round);
            System.out.printf(Locale.ROOT, "round %d at %s (%s first): batched %,.0f ms, %,d queries; one by one %,.0f ms, "
                    + "%,d queries; %,d series, %,d equal, %,d with the same verdict%n", i + 1, round.at(),
                    round.batchedFirst() ? "batched" : "one by one", round.batched().nanos() / 1e6,
                    round.batched().load().queries(), round.single().nanos() / 1e6, round.single().load().queries(),
                    round.agreement().series(), round.agreement().equal(), round.agreement().sameVerdict());
            round.agreement().examples().forEach(e -> System.out.println("  not equal: " + e));
        }
        printRules(results, stored);
    }

    private static void printRules(List<RuleRounds.Round> rounds, List<AlertRule> rules) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d rules per round, %d rounds; per round: median (p50) and worst (p99 of %d); "
                + "ratio = one by one / batched%n", rules.size(), rounds.size(), rounds.size());
        System.out.println("| per round | batched p50 | batched p99 | one by one p50 | one by one p99 | ratio p50 | ratio p99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        row(rounds, "wall time, s", s -> s.nanos() / 1e9, "%.2f");
        row(rounds, "ClickHouse queries (server's SelectQuery count)", s -> s.load().queries(), "%,.0f");
        row(rounds, "ClickHouse CPU of its query threads, s (system.events)", s -> s.load().queryCpuSeconds(), "%.2f");
        row(rounds, "clickhouse-server process CPU, s (/proc utime+stime)", s -> s.load().processCpuSeconds(), "%.2f");
        row(rounds, "granules selected (×8,192 rows, an upper bound of rows read), thousands",
                s -> s.load().marks() / 1e3, "%,.1f");
        row(rounds, "compressed data read, MB", s -> s.load().compressedBytes() / 1e6, "%,.0f");
        long series = rounds.stream().mapToLong(r -> r.agreement().series()).sum();
        long equal = rounds.stream().mapToLong(r -> r.agreement().equal()).sum();
        long verdicts = rounds.stream().mapToLong(r -> r.agreement().sameVerdict()).sum();
        System.out.printf(Locale.ROOT, "%nobservations over all rounds: %,d series; the batched path's equal to the single "
                + "path's: %,d (%.1f %%); same verdict: %,d (%.1f %%). The single path needs %,d queries a round (one "
                + "per rule, two for a change).%n", series, equal, 100.0 * equal / series, verdicts,
                100.0 * verdicts / series, RuleRounds.singleQueries(rules));
    }

    private static void row(List<RuleRounds.Round> rounds, String figure, ToDoubleFunction<RuleRounds.Side> value,
            String format) {
        double[] batched = rounds.stream().map(RuleRounds.Round::batched).mapToDouble(value).sorted().toArray();
        double[] single = rounds.stream().map(RuleRounds.Round::single).mapToDouble(value).sorted().toArray();
        double b50 = percentile(batched, 50);
        double b99 = percentile(batched, 99);
        double s50 = percentile(single, 50);
        double s99 = percentile(single, 99);
        System.out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " | " + format + " | " + format
                + " | %s | %s |%n", figure, b50, b99, s50, s99, ratio(s50, b50), ratio(s99, b99));
    }

    private static String ratio(double single, double batched) {
        return Double.isNaN(single) || Double.isNaN(batched) || batched <= 0 ? "-"
                : String.format(Locale.ROOT, "%.1f", single / batched);
    }

    private static double percentile(double[] sorted, int percentile) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1))];
    }

    private static void report(Closer closer, int repeats) throws Exception {
        System.out.println();
        System.out.println("starting the service in this JVM (incidents on: tick 1 s, anomaly windows of 1 min every "
                + "10 s against 20 min, at least 20 spans; the offline investigator) ...");
        TimeToReport measure = TimeToReport.start(closer);
        var runs = new ArrayList<TimeToReport.Run>();
        for (int i = 1; i <= repeats; i++) {
            TimeToReport.Run run = measure.run(i);
            runs.add(run);
            System.out.printf(Locale.ROOT, "run %d, %s (%s failing): opened %.1f s after the first bad span, report "
                    + "stored %.1f s after it (%s): %s%n", i, run.service(), run.failing(), seconds(run.toOpen()),
                    seconds(run.toReport()), run.status(), run.summary());
        }
        System.out.println();
        System.out.println("| run | service, failing payment.provider | first bad span → incident opened, s "
                + "| opened → report stored, s | first bad span → report stored, s | report names service / value |");
        System.out.println("|---|---|---|---|---|---|");
        for (int i = 0; i < runs.size(); i++) {
            TimeToReport.Run run = runs.get(i);
            System.out.printf(Locale.ROOT, "| %d | %s, %s | %.1f | %.1f | %.1f | %s / %s |%n", i + 1, run.service(),
                    run.failing(), seconds(run.toOpen()), seconds(run.openToReport()), seconds(run.toReport()),
                    run.namesService() ? "yes" : "no", run.namesValue() ? "yes" : "no");
        }
        System.out.printf(Locale.ROOT, "| median | | %.1f | %.1f | %.1f | |%n", median(runs, TimeToReport.Run::toOpen),
                median(runs, TimeToReport.Run::openToReport), median(runs, TimeToReport.Run::toReport));
    }

    private static double median(List<TimeToReport.Run> runs, Function<TimeToReport.Run, Duration> of) {
        List<Duration> sorted = runs.stream().map(of).sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        return n % 2 == 1 ? seconds(sorted.get(n / 2)) : (seconds(sorted.get(n / 2 - 1)) + seconds(sorted.get(n / 2))) / 2;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1e3;
    }
}
