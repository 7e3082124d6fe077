package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.demo.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * bench/ingest: OTLP/HTTP protobuf requests of 1000 spans against the service running as a
 * user runs it (its jar), in embedded mode and in Kafka mode (a KRaft broker in this JVM),
 * beside the ceiling: the same rows inserted into ClickHouse directly with the client.
 * Prints spans/s, the ratios, and request latency at 50% and 90% of the measured rate. Every
 * run sends spans of its own: the same spans twice would be recognised and not stored again.
 * Run with {@code ./dev bench ingest [requests] [embedded|kafka]} (a mode named runs alone).
 */
public final class IngestBenchmark {

    private static final int SPANS_PER_REQUEST = 1_000;
    private static final int SENDERS = 8;
    private static final String KEY = "thk_bench_local_only_not_secret";

    /** What one mode achieved. */
    private record Figures(double acknowledgedPerSecond, double storedPerSecond, Measured half, Measured ninety,
            long acknowledged, long stored) {}

    private static final Figures NOT_RUN = new Figures(Double.NaN, Double.NaN, null, null, 0, 0);

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String only = args.length > 1 ? args[1] : "";
        if (!List.of("", "embedded", "kafka").contains(only)) {
            throw new IllegalArgumentException("the second argument is a mode to run alone: embedded or kafka");
        }
        int warmUp = Math.max(20, requests / 3);
        String clickHouseUrl = required("CLICKHOUSE_URL");
        String database = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        System.out.printf("bench/ingest: %d requests of %d spans per run, %d senders, ClickHouse %s, databases %s_*%n",
                requests, SPANS_PER_REQUEST, SENDERS, clickHouseUrl, database);

        List<List<SpanRow>> batches = DemoSpanBatches.of(Scenario.demo("bench-project", Instant.now()),
                warmUp + 3 * requests, SPANS_PER_REQUEST);
        List<byte[]> bodies = batches.stream().map(b -> OtlpRequests.of(b).toByteArray()).toList();
        System.out.printf("generated %d requests (%.0f KiB each on average)%n", bodies.size(),
                bodies.stream().mapToInt(b -> b.length).average().orElse(0) / 1024);

        var databases = new ArrayList<String>();
        try {
            double ceiling;
            String ceilingDatabase = database + "_ceiling";
            databases.add(ceilingDatabase);
            try (var clickHouse = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, ceilingDatabase))) {
                new SchemaMigrator(clickHouse).migrate();
                System.out.println("ceiling: inserting the rows directly into ClickHouse (warm-up first) ...");
                ceiling(new TelemetryWriter(clickHouse), batches.subList(0, warmUp));
                ceiling = ceiling(new TelemetryWriter(clickHouse), batches.subList(warmUp, warmUp + requests));
                System.out.printf(Locale.ROOT, "ceiling: %,.0f spans/s%n", ceiling);
            }
            Figures embedded = NOT_RUN;
            if (!only.equals("kafka")) {
                embedded = run("embedded", clickHouseUrl, List.of(), bodies, warmUp, requests);
            }
            Figures kafka = only.equals("embedded") ? NOT_RUN : runKafka(clickHouseUrl, bodies, warmUp, requests);

            System.out.println();
            System.out.println("| figure | embedded | kafka | target |");
            System.out.println("|---|---|---|---|");
            row("spans/s answered (OTLP/HTTP protobuf, 1000 spans per request)", embedded.acknowledgedPerSecond(),
                    kafka.acknowledgedPerSecond(), "%,.0f", ">= 50,000 (embedded)");
            row("spans/s stored in ClickHouse (first request to last row queryable)", embedded.storedPerSecond(),
                    kafka.storedPerSecond(), "%,.0f", "");
            System.out.printf(Locale.ROOT, "| ceiling: direct ClickHouse inserts, spans/s | %,.0f | %,.0f | |%n", ceiling,
                    ceiling);
            row("ratio stored / ceiling", embedded.storedPerSecond() / ceiling, kafka.storedPerSecond() / ceiling, "%.2f",
                    ">= 0.5");
            System.out.printf(Locale.ROOT, "| latency at 50%% of the answered rate: p50 / p99 ms | %s | %s | p99 < 500 |%n",
                    latencies(embedded.half()), latencies(kafka.half()));
            System.out.printf(Locale.ROOT, "| latency at 90%% of the answered rate: p50 / p99 ms | %s | %s | |%n",
                    latencies(embedded.ninety()), latencies(kafka.ninety()));
            System.out.printf(Locale.ROOT, "| spans acknowledged / stored, all runs | %,d / %,d | %,d / %,d | equal |%n",
                    embedded.acknowledged(), embedded.stored(), kafka.acknowledged(), kafka.stored());
        } finally {
            try (var admin = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, "default"))) {
                for (String name : databases) {
                    admin.execute("DROP DATABASE IF EXISTS " + name);
                }
            }
        }
    }

    private static Figures runKafka(String clickHouseUrl, List<byte[]> bodies, int warmUp, int requests)
            throws Exception {
        var broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        try {
            return run("kafka", clickHouseUrl, List.of("--tracehound.ingest.mode=kafka",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString()), bodies, warmUp, requests);
        } finally {
            broker.destroy();
        }
    }

    private static String latencies(Measured measured) {
        return measured == null ? "not run"
                : String.format(Locale.ROOT, "%.0f / %.0f", measured.percentile(50), measured.percentile(99));
    }

    private static void row(String figure, double embedded, double kafka, String format, String target) {
        System.out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " | %s |%n", figure, embedded, kafka, target);
    }

    /**
     * One mode: the service from its jar on a database of its own; a warm-up run, the measured
     * run at full speed, then runs paced at 50% and 90% of the rate it answered at.
     */
    private static Figures run(String mode, String clickHouseUrl, List<String> extraArgs, List<byte[]> bodies,
            int warmUp, int requests) throws Exception {
        System.out.printf("%s: starting the service from its jar ...%n", mode);
        var args = new ArrayList<>(List.of("--tracehound.demo.enabled=true", "--tracehound.demo.project=bench",
                "--tracehound.demo.target-spans=1000", "--tracehound.demo.api-key=" + KEY));
        args.addAll(extraArgs);
        try (var app = BenchService.launch("ingest_" + mode, args)) {
            app.awaitReady(Duration.ofMinutes(2));
            return measure(mode, app, clickHouseUrl, bodies, warmUp, requests);
        }
    }

    private static Figures measure(String mode, BenchService app, String clickHouseUrl, List<byte[]> bodies,
            int warmUp, int requests) throws Exception {
        try (var clickHouse = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, app.clickHouseDatabase()))) {
            var http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            String base = app.base();
            long baseline = spans(clickHouse);
            long acknowledged = send(http, base, bodies.subList(0, warmUp), 0).accepted();
            awaitStored(clickHouse, baseline + acknowledged);
            System.out.printf("%s: warmed up with %d requests; the measured run, %d senders ...%n", mode, warmUp, SENDERS);
            long started = System.nanoTime();
            Measured max = send(http, base, bodies.subList(warmUp, warmUp + requests), 0);
            acknowledged += max.accepted();
            awaitStored(clickHouse, baseline + acknowledged);
            double storedPerSecond = max.accepted() / ((System.nanoTime() - started) / 1e9);
            double rate = max.spansPerSecond();
            System.out.printf(Locale.ROOT, "%s: answered %,.0f spans/s, stored %,.0f spans/s; now paced at 50%% and 90%%"
                    + " of the answered rate ...%n", mode, rate, storedPerSecond);
            Measured half = send(http, base, bodies.subList(warmUp + requests, warmUp + 2 * requests), rate * 0.5);
            awaitStored(clickHouse, baseline + acknowledged + half.accepted());
            Measured ninety = send(http, base, bodies.subList(warmUp + 2 * requests, warmUp + 3 * requests), rate * 0.9);
            acknowledged += half.accepted() + ninety.accepted();
            awaitStored(clickHouse, baseline + acknowledged);
            return new Figures(rate, storedPerSecond, half, ninety, acknowledged, spans(clickHouse) - baseline);
        }
    }

    private static long spans(ClickHouse clickHouse) {
        return clickHouse.query(Sql.of("SELECT count() AS c FROM spans")).getFirst().longValue("c");
    }

    /** Waits until ClickHouse holds {@code expected} spans (Kafka mode stores after answering); at most 5 minutes. */
    private static void awaitStored(ClickHouse clickHouse, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (spans(clickHouse) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ClickHouse holds " + spans(clickHouse) + " spans, not the " + expected
                        + " acknowledged, after 5 minutes");
            }
            Thread.sleep(20);
        }
    }

    /** The same rows written straight into ClickHouse in inserts of 10,000, as the batcher does. */
    private static double ceiling(TelemetryWriter writer, List<List<SpanRow>> batches) {
        long started = System.nanoTime();
        long spans = 0;
        var insert = new ArrayList<SpanRow>(10_000);
        for (List<SpanRow> batch : batches) {
            insert.addAll(batch);
            if (insert.size() >= 10_000) {
                writer.writeSpans(insert);
                spans += insert.size();
                insert.clear();
            }
        }
        writer.writeSpans(insert);
        spans += insert.size();
        return spans / ((System.nanoTime() - started) / 1e9);
    }

    private record Measured(long accepted, double seconds, long[] latenciesNanos) {
        double spansPerSecond() {
            return accepted / seconds;
        }

        double percentile(int p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
        }
    }

    /**
     * Sends every body once. With {@code spansPerSecond} 0, {@value #SENDERS} senders go as
     * fast as they can; otherwise requests start on a fixed schedule (open loop), so a slow
     * answer shows as latency instead of slowing the load down.
     */
    private static Measured send(HttpClient http, String base, List<byte[]> bodies, double spansPerSecond)
            throws Exception {
        long[] latencies = new long[bodies.size()];
        var accepted = new AtomicLong();
        var next = new AtomicLong();
        long started = System.nanoTime();
        double intervalNanos = spansPerSecond > 0 ? SPANS_PER_REQUEST / spansPerSecond * 1e9 : 0;
        int workers = spansPerSecond > 0 ? bodies.size() : SENDERS;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int w = 0; w < workers; w++) {
                final int worker = w;
                futures.add(pool.submit(() -> {
                    while (true) {
                        int i = spansPerSecond > 0 ? worker : (int) next.getAndIncrement();
                        if (i >= bodies.size()) {
                            return null;
                        }
                        if (spansPerSecond > 0) {
                            long due = started + (long) (i * intervalNanos);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(Duration.ofNanos(wait));
                            }
                        }
                        long t0 = System.nanoTime();
                        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
                                .header("Content-Type", "application/x-protobuf")
                                .header("Authorization", "Bearer " + KEY)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                                HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("request " + i + " answered " + response.statusCode());
                        }
                        accepted.addAndGet(SPANS_PER_REQUEST);
                        if (spansPerSecond > 0) {
                            return null;
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return new Measured(accepted.get(), (System.nanoTime() - started) / 1e9, latencies);
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run this with ./dev bench ingest");
        }
        return value;
    }
}
