package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.Sql;
import dev.tracehound.demo.Scenario;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.Meter;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.billing.WorkspacePlan;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.usage.DailyCount;
import dev.tracehound.platform.usage.UsageLedger;
import dev.tracehound.platform.usage.UsageMeter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * bench/quota: what the ingest quota gate and usage metering cost on the ingest path. Two
 * services from the jar, on databases of their own, with the same demo workspace on the startup
 * plan and the same usage rows this month (past the plan's spans, so every answer of the gate is
 * "overage", which the answers carry in their {@code Tracehound-Quota} header): one as shipped
 * (the gate on, the usage roll-up on, every {@code interval}), one with both switched off
 * ({@code tracehound.ingest.quota.enabled=false}, {@code tracehound.usage.enabled=false}). Rounds
 * of OTLP/HTTP protobuf requests of 1000 spans from 8 senders as fast as they are answered go to
 * one, then the same requests to the other (the order swaps every round), while the other
 * service's JVM is paused, so each one's background work counts against itself only. Run with
 * {@code ./dev bench quota [rounds] [requests per round] [roll-up interval s]}.
 */
public final class QuotaBenchmark {

    private static final int SPANS_PER_REQUEST = 1_000;
    private static final int SENDERS = 8;
    private static final int WARM_UP_ROUNDS = 2;
    private static final String KEY = "thk_bench_local_only_not_secret";
    private static final String PLAN = "startup";
    /** Past startup's 150M spans a month, so the gate reads the plan and the usage, and tells every answer. */
    private static final long SEEDED_SPANS = 160_000_000;
    private static final long SEEDED_LOG_RECORDS = 1_000_000;
    private static final String NOTICE = "Tracehound-Quota";

    /** One round's requests against one service. */
    private record Round(long spans, double seconds, long[] latenciesNanos, int noticed) {
        double spansPerSecond() {
            return spans / seconds;
        }
    }

    /** One of the two services and what it answered in the measured rounds. */
    private record Side(String name, BenchService service, HttpClient http, List<Round> rounds) {
        Side(String name, BenchService service) {
            this(name, service, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build(), new ArrayList<>());
        }

        /** The service alone on the machine for one round: resumed, sent {@code bodies}, paused. */
        Round run(List<byte[]> bodies) throws Exception {
            service.resume();
            try {
                return send(http, service.base(), bodies);
            } finally {
                service.pause();
            }
        }

        long spans() {
            return rounds.stream().mapToLong(Round::spans).sum();
        }

        double spansPerSecond() {
            return rate(rounds);
        }

        Timings latencies() {
            return new Timings(rounds.stream().flatMapToLong(r -> LongStream.of(r.latenciesNanos())).toArray());
        }

        int noticed() {
            return rounds.stream().mapToInt(Round::noticed).sum();
        }

        long requests() {
            return rounds.stream().mapToLong(r -> r.latenciesNanos().length).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 75;
        int intervalSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String clickHouseUrl = System.getenv("CLICKHOUSE_URL");
        if (clickHouseUrl == null || clickHouseUrl.isBlank()) {
            throw new IllegalStateException("CLICKHOUSE_URL is not set: run this with ./dev bench quota");
        }
        System.out.printf(Locale.ROOT, "bench/quota: %d rounds of %d requests of %d spans per service, %d senders, "
                + "usage roll-up every %d s; %d cores, load average %s%n", rounds, requests, SPANS_PER_REQUEST, SENDERS,
                intervalSeconds, Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
        var closer = new Closer();
        boolean met = closer.closingAfter(() -> run(closer, clickHouseUrl, rounds, requests, intervalSeconds));
        System.out.printf("%nload average now %s%n", Machine.loadAverage());
        System.exit(met ? 0 : 1);
    }

    private static boolean run(Closer closer, String clickHouseUrl, int rounds, int requests, int intervalSeconds)
            throws Exception {
        var common = List.of("--tracehound.demo.enabled=true", "--tracehound.demo.project=bench",
                "--tracehound.demo.target-spans=1000", "--tracehound.demo.api-key=" + KEY, "--tracehound.demo.plan=" + PLAN,
                "--logging.level.dev.tracehound.app.UsageJob=INFO");
        System.out.println("starting both services from the jar: quota gate and usage roll-up on / both off ...");
        var onService = closer.add(BenchService.launch("quota_on",
                with(common, "--tracehound.usage.interval=" + intervalSeconds + "s")));
        var offService = closer.add(BenchService.launch("quota_off",
                with(common, "--tracehound.ingest.quota.enabled=false", "--tracehound.usage.enabled=false")));
        onService.awaitReady(Duration.ofMinutes(3));
        offService.awaitReady(Duration.ofMinutes(3));
        var on = new Side("on", onService);
        var off = new Side("off", offService);
        for (Side side : List.of(on, off)) {
            System.out.printf("%s: %s%n", side.name(), seedUsage(side.service()));
            side.service().pause();
        }

        for (int w = 0; w < WARM_UP_ROUNDS; w++) {
            List<byte[]> bodies = bodies(requests, 1_000 + w);
            Round warmOn = on.run(bodies);
            Round warmOff = off.run(bodies);
            System.out.printf(Locale.ROOT, "warm-up %d: on %,.0f spans/s, off %,.0f spans/s%n", w + 1,
                    warmOn.spansPerSecond(), warmOff.spansPerSecond());
        }
        long onStoredBefore = storedSpans(clickHouseUrl, onService);
        long offStoredBefore = storedSpans(clickHouseUrl, offService);
        int rollUpsBefore = rollUps(onService).size();

        for (int r = 0; r < rounds; r++) {
            List<byte[]> bodies = bodies(requests, r);
            // Who goes first swaps every round, so a drift of the machine's load favours neither.
            List<Side> order = r % 2 == 0 ? List.of(on, off) : List.of(off, on);
            for (Side side : order) {
                side.rounds().add(side.run(bodies));
            }
            Round onRound = on.rounds().getLast();
            Round offRound = off.rounds().getLast();
            System.out.printf(Locale.ROOT, "round %d (%s first): on %,.0f spans/s, off %,.0f spans/s, on / off %.3f%n",
                    r + 1, order.getFirst().name(), onRound.spansPerSecond(), offRound.spansPerSecond(),
                    onRound.spansPerSecond() / offRound.spansPerSecond());
        }
        List<Long> all = rollUps(onService);
        List<Long> rollUps = all.subList(rollUpsBefore, all.size());
        long onStored = storedSpans(clickHouseUrl, onService) - onStoredBefore;
        long offStored = storedSpans(clickHouseUrl, offService) - offStoredBefore;
        System.out.printf("on: %s%n", usageThisMonth(onService));
        System.out.printf("off: %s%n", usageThisMonth(offService));
        return report(on, off, rollUps, onStored, offStored);
    }

    private static boolean report(Side on, Side off, List<Long> rollUps, long onStored, long offStored) {
        double ratio = on.spansPerSecond() / off.spansPerSecond();
        // A round and the next one, which ran in the other order: what the second service of a round
        // inherits from the first (ClickHouse merging the first one's inserts) cancels out.
        var pairs = new ArrayList<Double>();
        for (int r = 0; r + 1 < on.rounds().size(); r += 2) {
            pairs.add(ratio(on.rounds().subList(r, r + 2), off.rounds().subList(r, r + 2)));
        }
        List<Double> sorted = pairs.stream().sorted().toList();
        boolean met = ratio >= 0.95;
        boolean gateWorked = on.noticed() == on.requests() && off.noticed() == 0;
        boolean allStored = onStored == on.spans() && offStored == off.spans();
        System.out.println();
        System.out.printf("%d measured rounds per service; ratio = gate and metering on / off%n", on.rounds().size());
        System.out.println("| figure | gate and metering on | both off | ratio on / off | target |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| spans/s answered, all measured rounds | %,.0f | %,.0f | %.3f | >= 0.95, %s |%n",
                on.spansPerSecond(), off.spansPerSecond(), ratio, met ? "met" : "NOT met");
        if (!sorted.isEmpty()) {
            System.out.printf(Locale.ROOT, "| ratio per pair of rounds (one in each order): median; middle half; lowest, "
                    + "highest | | | %.3f; %.3f to %.3f; %.3f, %.3f | |%n", quantile(sorted, 0.5), quantile(sorted, 0.25),
                    quantile(sorted, 0.75), sorted.getFirst(), sorted.getLast());
        }
        System.out.printf(Locale.ROOT, "| ratio in the rounds the gate's service went first / second | | | %.3f / %.3f | |%n",
                ratio(everyOther(on.rounds(), 0), everyOther(off.rounds(), 0)),
                ratio(everyOther(on.rounds(), 1), everyOther(off.rounds(), 1)));
        System.out.printf(Locale.ROOT, "| request latency p50 / p99 ms | %.1f / %.1f | %.1f / %.1f | %.2f / %.2f | |%n",
                on.latencies().millis(50), on.latencies().millis(99), off.latencies().millis(50),
                off.latencies().millis(99), on.latencies().millis(50) / off.latencies().millis(50),
                on.latencies().millis(99) / off.latencies().millis(99));
        System.out.printf(Locale.ROOT, "| answers with the %s header (the gate's verdict) | %,d of %,d | %,d of %,d | | "
                + "all / none, %s |%n", NOTICE, on.noticed(), on.requests(), off.noticed(), off.requests(),
                gateWorked ? "met" : "NOT met");
        long rollUpMillis = rollUps.stream().mapToLong(Long::longValue).sum();
        double measuredSeconds = on.rounds().stream().mapToDouble(Round::seconds).sum();
        System.out.printf(Locale.ROOT, "| usage roll-ups during the measured rounds: runs, their time (share of the "
                + "measured time) | %d, %.1f s (%.1f %%) | off | | |%n", rollUps.size(), rollUpMillis / 1e3,
                rollUpMillis / 10.0 / measuredSeconds);
        System.out.printf(Locale.ROOT, "| spans answered / stored in ClickHouse | %,d / %,d | %,d / %,d | | equal, %s |%n",
                on.spans(), onStored, off.spans(), offStored, allStored ? "met" : "NOT met");
        return met && gateWorked && allStored;
    }

    /** Spans/s over {@code on}'s rounds divided by spans/s over {@code off}'s. */
    private static double ratio(List<Round> on, List<Round> off) {
        return rate(on) / rate(off);
    }

    private static double rate(List<Round> rounds) {
        return rounds.stream().mapToLong(Round::spans).sum() / rounds.stream().mapToDouble(Round::seconds).sum();
    }

    /** Rounds {@code first}, {@code first + 2}, …: those in which the same service went first. */
    private static List<Round> everyOther(List<Round> rounds, int first) {
        var picked = new ArrayList<Round>();
        for (int r = first; r < rounds.size(); r += 2) {
            picked.add(rounds.get(r));
        }
        return picked;
    }

    /** The {@code q} quantile of sorted values, interpolated between the two nearest. */
    private static double quantile(List<Double> sorted, double q) {
        double at = q * (sorted.size() - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.size() - 1, below + 1);
        return sorted.get(below) + (at - below) * (sorted.get(above) - sorted.get(below));
    }

    /**
     * This month's usage as the roll-up would have left it: a second project of the workspace
     * ("history") used {@value #SEEDED_SPANS} spans on the month's first day.
     */
    private static String seedUsage(BenchService service) {
        var jdbc = JdbcClient.create(service.postgres().connection());
        var projects = new ProjectDirectory(jdbc);
        Project bench = projects.all().stream().filter(p -> p.slug().equals("bench")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo project bench is missing"));
        Project history = projects.ensure(bench.workspaceSlug(), "Demo", "history", "Earlier this month");
        LocalDate first = YearMonth.now(ZoneOffset.UTC).atDay(1);
        new UsageLedger(service.postgres().connection(), Clock.systemUTC()).record(List.of(
                new DailyCount(history.id(), history.workspaceId(), first, UsageMeter.SPANS, SEEDED_SPANS),
                new DailyCount(history.id(), history.workspaceId(), first, UsageMeter.LOG_RECORDS, SEEDED_LOG_RECORDS)));
        WorkspacePlan plan = new WorkspacePlans(service.postgres().connection(), Plans.builtIn(), Clock.systemUTC())
                .of(bench.workspaceId());
        if (!plan.inEffect().id().equals(PLAN)) {
            throw new IllegalStateException("workspace " + bench.workspaceSlug() + " is on " + plan.inEffect().id()
                    + ", not " + PLAN);
        }
        return String.format(Locale.ROOT, "workspace %s on %s (%,d spans a month), %,d spans used this month (%s/history)",
                bench.workspaceSlug(), PLAN, plan.inEffect().limits().perMonth(Meter.SPANS).orElseThrow(), SEEDED_SPANS,
                bench.workspaceSlug());
    }

    /** What {@code usage_daily} holds for the workspace this month: the seeded rows and what the roll-up counted. */
    private static String usageThisMonth(BenchService service) {
        var jdbc = JdbcClient.create(service.postgres().connection());
        Project bench = new ProjectDirectory(jdbc).all().stream().filter(p -> p.slug().equals("bench")).findFirst()
                .orElseThrow();
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        long spans = new UsageLedger(service.postgres().connection(), Clock.systemUTC())
                .totalsOfWorkspace(bench.workspaceId(), month.atDay(1), month.plusMonths(1).atDay(1))
                .getOrDefault(UsageMeter.SPANS, 0L);
        return String.format(Locale.ROOT, "usage_daily holds %,d spans this month (%,d seeded, %,d counted by the roll-up)",
                spans, SEEDED_SPANS, spans - SEEDED_SPANS);
    }

    /** The usage job's runs logged so far, each as the milliseconds it took (logged at INFO for this benchmark). */
    private static List<Long> rollUps(BenchService service) throws IOException {
        var took = Pattern.compile("usage: (caught up|counted) .* in (\\d+) ms");
        try (var lines = Files.lines(service.log())) {
            return lines.map(took::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(2))).toList();
        }
    }

    private static long storedSpans(String clickHouseUrl, BenchService service) {
        try (var clickHouse = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, service.clickHouseDatabase()))) {
            return clickHouse.query(Sql.of("SELECT count() AS c FROM spans")).getFirst().longValue("c");
        }
    }

    /** Every body once, from {@value #SENDERS} senders, each sending its next request when the last was answered. */
    private static Round send(HttpClient http, String base, List<byte[]> bodies) throws Exception {
        long[] latencies = new long[bodies.size()];
        var next = new AtomicInteger();
        var noticed = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var senders = new ArrayList<Future<?>>();
            for (int s = 0; s < SENDERS; s++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
                                .header("Content-Type", "application/x-protobuf")
                                .header("Authorization", "Bearer " + KEY)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("request " + i + " to " + base + " answered "
                                    + response.statusCode() + ": " + response.body());
                        }
                        if (response.headers().firstValue(NOTICE).isPresent()) {
                            noticed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        }
        return new Round((long) bodies.size() * SPANS_PER_REQUEST, (System.nanoTime() - started) / 1e9, latencies,
                noticed.get());
    }

    /** {@code requests} OTLP requests of exactly {@value #SPANS_PER_REQUEST} demo spans, new ones for every seed. */
    private static List<byte[]> bodies(int requests, long seed) {
        return DemoSpanBatches.of(Scenario.demo("bench-project", Instant.now()).withSeed(seed), requests, SPANS_PER_REQUEST)
                .stream().map(batch -> OtlpRequests.of(batch).toByteArray()).toList();
    }

    private static List<String> with(List<String> common, String... more) {
        var all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all;
    }
}
