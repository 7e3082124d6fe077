package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import dev.tracehound.analytics.LogRow;
import dev.tracehound.analytics.SchemaMigrator;
import dev.tracehound.analytics.SpanRow;
import dev.tracehound.analytics.Sql;
import dev.tracehound.analytics.TelemetryWriter;
import dev.tracehound.demo.DemoTelemetryGenerator;
import dev.tracehound.demo.Load;
import dev.tracehound.demo.Scenario;
import dev.tracehound.demo.TelemetrySink;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * bench/ingest: OTLP/HTTP protobuf requests of 1000 spans against the service running as a
 * user runs it (its jar, embedded mode), beside the ceiling: the same rows inserted into
 * ClickHouse directly with the client. Prints spans/s, the ratio, and request latency at
 * 50% and 90% of the measured rate. Run with {@code ./dev bench ingest}.
 */
public final class IngestBenchmark {

    private static final int SPANS_PER_REQUEST = 1_000;
    private static final int SENDERS = 8;
    private static final String KEY = "thk_bench_local_only_not_secret";

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String clickHouseUrl = required("CLICKHOUSE_URL");
        String database = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        System.out.printf("bench/ingest: %d requests of %d spans, %d senders, ClickHouse %s, database %s%n", requests,
                SPANS_PER_REQUEST, SENDERS, clickHouseUrl, database);

        List<List<SpanRow>> batches = spans(requests * 3, "bench-project");
        List<byte[]> bodies = batches.stream().map(b -> OtlpRequests.of(b).toByteArray()).toList();
        System.out.printf("generated %d requests (%.0f KiB each on average)%n", bodies.size(),
                bodies.stream().mapToInt(b -> b.length).average().orElse(0) / 1024);

        try (var clickHouse = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, database))) {
            new SchemaMigrator(clickHouse).migrate();
            System.out.println("ceiling: inserting the rows directly into ClickHouse ...");
            double ceiling = ceiling(new TelemetryWriter(clickHouse), batches.subList(0, requests));
            System.out.printf(Locale.ROOT, "ceiling: %,.0f spans/s%n", ceiling);
            clickHouse.execute("TRUNCATE TABLE spans");
            clickHouse.execute("TRUNCATE TABLE trace_index");

            System.out.println("starting the service from its jar ...");
            Service app = startService(database);
            try {
                String base = app.base();
                var http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                long before = clickHouse.query(Sql.of("SELECT count() AS c FROM spans")).getFirst().longValue("c");
                System.out.println("end to end: warm-up run, then the measured run, " + SENDERS + " senders ...");
                long accepted = send(http, base, bodies.subList(0, requests), 0).accepted;
                Measured max = send(http, base, bodies.subList(0, requests), 0);
                double endToEnd = max.spansPerSecond();
                System.out.printf(Locale.ROOT, "end to end: %,.0f spans/s; now paced at 50%% and 90%% of it ...%n", endToEnd);
                long stored = clickHouse.query(Sql.of("SELECT count() AS c FROM spans")).getFirst().longValue("c") - before;
                Measured half = send(http, base, bodies.subList(requests, 2 * requests), endToEnd * 0.5);
                Measured ninety = send(http, base, bodies.subList(2 * requests, 3 * requests), endToEnd * 0.9);

                System.out.println();
                System.out.println("| figure | value | target |");
                System.out.println("|---|---|---|");
                System.out.printf(Locale.ROOT, "| end-to-end spans/s (OTLP/HTTP protobuf, embedded mode) | %,.0f | >= 50,000 |%n", endToEnd);
                System.out.printf(Locale.ROOT, "| ceiling: direct ClickHouse inserts, spans/s | %,.0f | |%n", ceiling);
                System.out.printf(Locale.ROOT, "| ratio end-to-end / ceiling | %.2f | >= 0.5 |%n", endToEnd / ceiling);
                System.out.printf(Locale.ROOT, "| latency at 50%% of that rate: p50 / p99 ms | %.0f / %.0f | p99 < 500 |%n",
                        half.percentile(50), half.percentile(99));
                System.out.printf(Locale.ROOT, "| latency at 90%% of that rate: p50 / p99 ms | %.0f / %.0f | |%n",
                        ninety.percentile(50), ninety.percentile(99));
                System.out.printf(Locale.ROOT, "| spans acknowledged in the two full-speed runs / stored | %,d / %,d | equal |%n",
                        accepted + max.accepted, stored);
            } finally {
                app.process().destroy();
                app.process().waitFor();
            }
        } finally {
            try (var admin = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, "default"))) {
                admin.execute("DROP DATABASE IF EXISTS " + database);
            }
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

    /** Demo spans cut into requests of exactly {@value #SPANS_PER_REQUEST}. */
    private static List<List<SpanRow>> spans(int requests, String projectId) {
        var batches = new ArrayList<List<SpanRow>>();
        var scenario = Scenario.demo(projectId, Instant.now()).withLoad(Load.targetSpans(requests * (long) SPANS_PER_REQUEST * 11 / 10));
        var current = new ArrayList<SpanRow>(SPANS_PER_REQUEST);
        new DemoTelemetryGenerator(scenario).generate(new TelemetrySink() {
            @Override
            public void span(SpanRow span) {
                if (batches.size() < requests) {
                    current.add(span);
                    if (current.size() == SPANS_PER_REQUEST) {
                        batches.add(List.copyOf(current));
                        current.clear();
                    }
                }
            }

            @Override
            public void log(LogRow log) {
            }
        });
        if (batches.size() < requests) {
            throw new IllegalStateException("generated only " + batches.size() + " requests");
        }
        return batches;
    }

    private record Service(Process process, String base) {}

    /** The service as a user runs it: its jar, in its own JVM, with demo data off but for a key. */
    private static Service startService(String database) throws Exception {
        Path built = Path.of("app/target/tracehound.jar");
        if (!Files.exists(built)) {
            throw new IllegalStateException(built + " is missing; ./dev bench builds it");
        }
        // A copy, so a build running meanwhile cannot swap classes under the running service.
        Path jar = Files.copy(built, Path.of(".dev/bench-tracehound.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--server.port=" + port, "--tracehound.clickhouse.database=" + database,
                "--tracehound.demo.enabled=true", "--tracehound.demo.project=bench", "--tracehound.demo.target-spans=1000",
                "--tracehound.demo.api-key=" + KEY, "--tracehound.ingest.grpc.port=0", "--logging.level.root=WARN");
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(".dev/bench-service.log")).start();
        var service = new Service(process, "http://localhost:" + port);
        awaitReady(service);
        return service;
    }

    private static void awaitReady(Service service) throws Exception {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException("the service stopped; see .dev/bench-service.log");
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(service.base() + "/actuator/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within 2 minutes; see .dev/bench-service.log");
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run this with ./dev bench ingest");
        }
        return value;
    }
}
