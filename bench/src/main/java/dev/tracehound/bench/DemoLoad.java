package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.Row;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.GenerationSummary;
import dev.tracehound.demo.Incident;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The query benchmark's data: the demo shop's telemetry (with the checkout deploy incident) in a
 * database of its own. Loading 10M spans takes minutes, so a load is kept and reused while it
 * still matches: same size, same loader and the same generator output (a fingerprint of a small
 * sample, so a change to demo-data is noticed without a version number to remember to bump).
 */
final class DemoLoad {

    static final String PROJECT = "5b0e7c1a-3f2d-4e8b-9a61-0c4d2b7f8e13";
    /** A fixed window, so the same rows are generated every time; noon, so 24 h spans two daily partitions. */
    static final Instant WINDOW_END = Instant.parse("2025-06-02T12:00:00Z");
    static final Duration WINDOW = Duration.ofHours(24);

    /** Bump when this class loads differently (batching does not count; what is stored does). */
    private static final int LOADER_VERSION = 1;
    private static final int BATCH_ROWS = 50_000;
    private static final int WRITERS = 2;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    /** What the benchmark database holds. */
    record Loaded(String projectId, Scenario scenario, Instant incidentAt, long spans, long logs, boolean reused,
            Duration took) {}

    private DemoLoad() {}

    /** The scenario for about {@code targetSpans} spans: the demo's 24 h, incident at 75%, ending {@link #WINDOW_END}. */
    static Scenario scenario(long targetSpans) {
        return Scenario.demo(PROJECT, WINDOW_END)
                .withWindow(WINDOW_END.minus(WINDOW), WINDOW)
                .withLoad(Load.targetSpans(targetSpans));
    }

    /** Reuses the database when it holds this very load; otherwise drops it and loads again. */
    static Loaded ensure(String clickHouseUrl, String database, long targetSpans) {
        Scenario scenario = scenario(targetSpans);
        Instant incidentAt = scenario.incidents().getFirst().startsAt();
        String marker = marker(scenario);
        try (var admin = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, "default"))) {
            Row existing = admin.query(Sql.of("""
                            SELECT count() AS tables FROM system.tables
                            WHERE database = {db:String} AND name = 'bench_load'""").bind("db", database)).getFirst();
            if (existing.longValue("tables") > 0) {
                List<Row> loads = admin.query(Sql.of("SELECT marker, spans, logs FROM " + database + ".bench_load"));
                if (loads.size() == 1 && loads.getFirst().string("marker").equals(marker)) {
                    Row counts = admin.query(Sql.of("SELECT (SELECT count() FROM " + database + ".spans) AS spans, "
                            + "(SELECT count() FROM " + database + ".logs) AS logs")).getFirst();
                    if (counts.longValue("spans") == loads.getFirst().longValue("spans")
                            && counts.longValue("logs") == loads.getFirst().longValue("logs")) {
                        System.out.printf(Locale.ROOT, "reusing database %s: %,d spans and %,d logs, loaded earlier "
                                + "by the same generator (%s)%n", database, counts.longValue("spans"),
                                counts.longValue("logs"), marker);
                        return new Loaded(PROJECT, scenario, incidentAt, counts.longValue("spans"),
                                counts.longValue("logs"), true, Duration.ZERO);
                    }
                }
                System.out.printf("database %s holds another load (or one that stopped part-way); dropping it%n",
                        database);
            }
            admin.execute("DROP DATABASE IF EXISTS " + database);
        }
        try (var clickHouse = ClickHouse.connect(new ClickHouseSettings(java.net.URI.create(clickHouseUrl), null, null,
                database, null, Duration.ofMinutes(5)))) {
            new SchemaMigrator(clickHouse).migrate();
            long started = System.nanoTime();
            GenerationSummary summary = load(clickHouse, scenario, targetSpans);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Row counts = clickHouse.query(Sql.of(
                    "SELECT (SELECT count() FROM spans) AS spans, (SELECT count() FROM logs) AS logs")).getFirst();
            long spans = counts.longValue("spans");
            long logs = counts.longValue("logs");
            if (spans != summary.spans() || logs != summary.logs()) {
                throw new IllegalStateException("generated " + summary.spans() + " spans and " + summary.logs()
                        + " logs but ClickHouse holds " + spans + " and " + logs);
            }
            // Written last: a load that stopped part-way has no marker and is loaded again.
            clickHouse.execute("CREATE TABLE bench_load (marker String, spans UInt64, logs UInt64) ENGINE = TinyLog");
            clickHouse.execute(Sql.of("INSERT INTO bench_load VALUES ({m:String}, {s:UInt64}, {l:UInt64})")
                    .bind("m", marker).bind("s", spans).bind("l", logs).render());
            System.out.printf(Locale.ROOT, "loaded %,d spans, %,d logs (%,d traces, %,d error spans) in %s: "
                    + "%,.0f spans/s%n", spans, logs, summary.traces(), summary.errorSpans(), minutes(took),
                    spans / (took.toNanos() / 1e9));
            awaitMerges(clickHouse, database);
            return new Loaded(PROJECT, scenario, incidentAt, spans, logs, false, took);
        }
    }

    /**
     * Generation runs on this thread, inserts on {@value #WRITERS} others, so ClickHouse parses one
     * batch while the next is generated; a few batches at most wait in memory.
     */
    private static GenerationSummary load(ClickHouse clickHouse, Scenario scenario, long targetSpans) {
        var writer = new TelemetryWriter(clickHouse);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        var inFlight = new Semaphore(WRITERS + 1);
        var pending = new ArrayList<Future<?>>();
        System.out.printf(Locale.ROOT, "loading about %,d demo spans into ClickHouse (%s to %s, incident at %s) ...%n",
                targetSpans, scenario.windowStart(), scenario.windowEnd(), scenario.incidents().getFirst().startsAt());
        try {
            var sink = new TelemetrySink() {
                final long started = System.nanoTime();
                long lastReport = started;
                List<SpanRow> spans = new ArrayList<>(BATCH_ROWS);
                List<LogRow> logs = new ArrayList<>(BATCH_ROWS);
                long spansWritten;
                long logsWritten;

                @Override
                public void span(SpanRow span) {
                    spans.add(span);
                    if (spans.size() >= BATCH_ROWS) {
                        flush();
                    }
                }

                @Override
                public void log(LogRow log) {
                    logs.add(log);
                    if (logs.size() >= BATCH_ROWS) {
                        flush();
                    }
                }

                void flush() {
                    List<SpanRow> spanBatch = spans;
                    List<LogRow> logBatch = logs;
                    spans = new ArrayList<>(BATCH_ROWS);
                    logs = new ArrayList<>(BATCH_ROWS);
                    inFlight.acquireUninterruptibly();
                    pending.removeIf(DemoLoad::doneOrFailed);
                    pending.add(writers.submit(() -> {
                        try {
                            writer.writeSpans(spanBatch);
                            writer.writeLogs(logBatch);
                        } finally {
                            inFlight.release();
                        }
                    }));
                    spansWritten += spanBatch.size();
                    logsWritten += logBatch.size();
                    long now = System.nanoTime();
                    if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                        lastReport = now;
                        double seconds = (now - started) / 1e9;
                        double rate = spansWritten / seconds;
                        System.out.printf(Locale.ROOT, "  %,d spans (%.0f%%), %,d logs, %,.0f spans/s, about %s left%n",
                                spansWritten, 100.0 * spansWritten / targetSpans, logsWritten, rate,
                                minutes(Duration.ofSeconds((long) (Math.max(0, targetSpans - spansWritten) / rate))));
                    }
                }
            };
            GenerationSummary summary = new DemoTelemetryGenerator(scenario).generate(sink);
            sink.flush();
            for (Future<?> future : pending) {
                future.get();
            }
            return summary;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("writing the demo data failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        } finally {
            writers.shutdownNow();
        }
    }

    /** A finished write that failed is reported at once, not after the whole load. */
    private static boolean doneOrFailed(Future<?> future) {
        if (!future.isDone()) {
            return false;
        }
        try {
            future.get();
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("writing the demo data failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        }
    }

    /** Measuring while ClickHouse still merges the fresh parts would measure the merges; at most 10 minutes. */
    private static void awaitMerges(ClickHouse clickHouse, String database) {
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        boolean said = false;
        while (System.nanoTime() < deadline) {
            long merges = clickHouse.query(Sql.of("SELECT count() AS c FROM system.merges WHERE database = {db:String}")
                    .bind("db", database)).getFirst().longValue("c");
            if (merges == 0) {
                if (said) {
                    System.out.println("merged in " + minutes(Duration.ofNanos(System.nanoTime() - started)));
                }
                return;
            }
            if (!said) {
                System.out.println("waiting for ClickHouse to finish merging the new parts ...");
                said = true;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.out.println("ClickHouse still merges after 10 minutes; measuring anyway");
    }

    /**
     * Names this load: the loader version, the target and a hash of the generator's output for
     * two hours around the incident at a small load, which changes whenever demo-data does.
     */
    private static String marker(Scenario scenario) {
        Instant incident = scenario.incidents().getFirst().startsAt();
        Scenario sample = scenario.withWindow(incident.minus(Duration.ofHours(1)), Duration.ofHours(2))
                .withLoad(Load.targetSpans(3_000));
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            new DemoTelemetryGenerator(sample).generate(new TelemetrySink() {
                @Override
                public void span(SpanRow span) {
                    digest.update(span.toString().getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void log(LogRow log) {
                    digest.update(log.toString().getBytes(StandardCharsets.UTF_8));
                }
            });
            String generator = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Load.TargetSpanCount target = (Load.TargetSpanCount) scenario.load();
            return "loader " + LOADER_VERSION + ", " + target.spans() + " target spans, seed " + scenario.seed()
                    + ", window " + scenario.windowStart() + "/" + scenario.windowLength() + ", incidents "
                    + scenario.incidents().stream().map(Incident::startsAt).toList() + ", generator " + generator;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String minutes(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }
}
