package dev.tracehound.bench;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.ClickHouseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service as a user runs it: its jar, in a JVM of its own, on a ClickHouse database and a
 * PostgreSQL database made for it. Closing stops the service and drops both databases.
 */
final class BenchService implements AutoCloseable {

    private static final Path BUILT_JAR = Path.of("app/target/tracehound.jar");

    private final String name;
    private final Process process;
    private final String base;
    private final Path jar;
    private final Path log;
    private final BenchPostgres postgres;
    private final String clickHouseUrl;
    private final String clickHouseDatabase;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BenchService(String name, Process process, String base, Path jar, Path log, BenchPostgres postgres,
            String clickHouseUrl, String clickHouseDatabase) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.jar = jar;
        this.log = log;
        this.postgres = postgres;
        this.clickHouseUrl = clickHouseUrl;
        this.clickHouseDatabase = clickHouseDatabase;
    }

    /**
     * Starts the service with {@code args} on top of its own databases, a free port and WARN
     * logging. Register it for cleanup first, then {@link #awaitReady}: a run stopped while the
     * service starts up must still stop it and drop its databases.
     */
    static BenchService launch(String name, List<String> args) throws IOException {
        if (!Files.exists(BUILT_JAR)) {
            throw new IllegalStateException(BUILT_JAR.toAbsolutePath() + " is missing: run this with ./dev bench, "
                    + "which builds it (or ./mvnw -DskipTests package -pl app -am)");
        }
        String clickHouseUrl = System.getenv("CLICKHOUSE_URL");
        if (clickHouseUrl == null || clickHouseUrl.isBlank()) {
            throw new IllegalStateException("CLICKHOUSE_URL is not set: run this with ./dev bench, which starts "
                    + "ClickHouse and sets it");
        }
        Files.createDirectories(Path.of(".dev"));
        // A copy, so a build running meanwhile cannot swap classes under the running service; one per
        // name, so a second service started at once does not replace the file the first is opening.
        Path jar = Files.copy(BUILT_JAR, Path.of(".dev/bench-tracehound-" + name + ".jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Path log = Path.of(".dev/bench-" + name + ".log");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var postgres = BenchPostgres.create("bench_" + name);
        String clickHouseDatabase = postgres.name();
        try {
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "--server.port=" + port, "--spring.datasource.url=" + postgres.url(),
                    "--tracehound.clickhouse.database=" + clickHouseDatabase, "--tracehound.ingest.grpc.port=0",
                    "--logging.level.root=WARN"));
            command.addAll(args);
            var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new BenchService(name, process, "http://localhost:" + port, jar, log, postgres, clickHouseUrl,
                    clickHouseDatabase);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    String base() {
        return base;
    }

    /** The service's ClickHouse database, dropped on close. */
    String clickHouseDatabase() {
        return clickHouseDatabase;
    }

    /** The service's PostgreSQL database, e.g. to register a key with the platform's classes. */
    BenchPostgres postgres() {
        return postgres;
    }

    /** The service's output (WARN and up, and what the benchmark's arguments turn up). */
    Path log() {
        return log;
    }

    /**
     * Freezes the service's JVM (SIGSTOP): none of its threads runs, its background jobs
     * included, until {@link #resume}. A benchmark comparing two services that run at once pauses
     * the one not measured, so neither's background work is counted against the other.
     */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a {@link #pause paused} service run again (SIGCONT); overdue scheduled work runs at once. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed (the service " + this.name
                    + ")");
        }
    }

    /** Waits until the service reports ready (demo data, when on, loads before that). */
    BenchService awaitReady(Duration within) throws Exception {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service (" + name + ") stopped with exit code " + process.exitValue()
                        + "; see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service (" + name + ") was not ready within " + within.toSeconds()
                + " s; see " + log);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (process.isAlive()) {
            try {
                // A paused JVM would not act on SIGTERM until continued.
                resume();
            } catch (IOException | RuntimeException e) {
                System.err.println("could not resume the service " + name + " before stopping it: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(jar);
        } catch (IOException e) {
            System.err.println("could not delete " + jar + ": " + e.getMessage());
        }
        try (var admin = ClickHouse.connect(ClickHouseSettings.of(clickHouseUrl, "default"))) {
            admin.execute("DROP DATABASE IF EXISTS " + clickHouseDatabase);
        } catch (RuntimeException e) {
            System.err.println("could not drop the ClickHouse database " + clickHouseDatabase + ": " + e.getMessage());
        }
        postgres.close();
    }
}
