package dev.tracehound.analytics;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A private ClickHouse server process that a test may SIGKILL and restart, to prove that
 * nothing is lost when ClickHouse dies mid-stream. It has its own temp directory and ports;
 * the data directory survives {@link #restart()}. The shared server of {@code ./dev test}
 * is never touched.
 */
public final class ClickHouseServerProcess implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LAUNCH_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private record Ports(int http, int tcp) {}

    private final List<String> command;
    private final Path dir;
    private final Ports ports;
    // A test that forgets close() (or a JVM that exits on a failure) must not leave a server behind.
    private final Thread shutdownHook = new Thread(this::closeQuietly, "clickhouse-server-process-cleanup");
    private Process process;

    private ClickHouseServerProcess(List<String> command, Path dir, Ports ports) {
        this.command = command;
        this.dir = dir;
        this.ports = ports;
    }

    /** Whether a ClickHouse server binary is installed, so a test can fail with a clear message. */
    public static boolean available() {
        return serverCommand().isPresent();
    }

    /** A new server on fresh ports and an empty data directory; returns once it answers. */
    public static ClickHouseServerProcess start() {
        List<String> command = serverCommand().orElseThrow(() -> new IllegalStateException(
                "no clickhouse-server binary on the PATH or in /usr/sbin: install clickhouse-server (./dev test does it)"));
        Path dir;
        try {
            dir = Files.createTempDirectory("tracehound-clickhouse-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for ClickHouse", e);
        }
        var server = new ClickHouseServerProcess(command, dir, freePorts());
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.writeConfig();
            server.launch();
            return server;
        } catch (RuntimeException e) {
            server.closeQuietly();
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + ports.http();
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL to the server and its descendants; returns once they have exited and the port is silent. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        // Collected before the kill: once the server is gone its children are re-parented and no longer found.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        waitUntil(() -> !process.isAlive() && descendants.stream().noneMatch(ProcessHandle::isAlive),
                "ClickHouse (pid " + process.pid() + ") did not exit after SIGKILL");
        waitUntil(() -> !answers(), "something still answers on " + url() + " after ClickHouse was killed");
    }

    /** Kills the server if it still runs, then starts it again on the same data directory and ports. */
    public synchronized void restart() {
        kill();
        launch();
    }

    @Override
    public synchronized void close() {
        try {
            kill();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; nothing to remove
            }
            deleteRecursively(dir);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // best effort: a failed cleanup must not hide the failure that led here
        }
    }

    private synchronized void launch() {
        for (int attempt = 1; ; attempt++) {
            waitUntil(() -> canBind(ports.http()) && canBind(ports.tcp()),
                    "ports " + ports.http() + " and " + ports.tcp() + " on 127.0.0.1 are still taken");
            var args = new ArrayList<>(command);
            args.add("--config-file=" + dir.resolve("config.xml"));
            try {
                process = new ProcessBuilder(args)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(dir.resolve("log/stdout.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + String.join(" ", args), e);
            }
            if (answersBeforeExit()) {
                return;
            }
            // Usually a port that another process took between our check and the server's bind.
            if (attempt == LAUNCH_ATTEMPTS) {
                throw new IllegalStateException("ClickHouse exited with " + process.exitValue() + " before answering on "
                        + url() + ", " + attempt + " times; the last lines of its logs:\n" + logTail());
            }
        }
    }

    /** True once the server answers, false if it exited first; kills it and throws on timeout. */
    private boolean answersBeforeExit() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            pause();
        }
        kill();
        throw new IllegalStateException("ClickHouse did not answer on " + url() + " within " + START_TIMEOUT.toSeconds()
                + " s; the last lines of its logs:\n" + logTail());
    }

    private boolean answers() {
        var request = HttpRequest.newBuilder(URI.create(url() + "/?query=SELECT%201"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            var response = HTTP.send(request, BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().strip().equals("1");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ClickHouse on " + url(), e);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + STOP_TIMEOUT.toSeconds() + " s");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
        }
    }

    // Same socket options as ClickHouse's own bind (SO_REUSEADDR), so a TIME_WAIT socket does not count as taken.
    private static boolean canBind(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Ports freePorts() {
        // Both open at once, so the kernel hands out two different ports.
        try (var http = new ServerSocket(0, 1, LOOPBACK); var tcp = new ServerSocket(0, 1, LOOPBACK)) {
            return new Ports(http.getLocalPort(), tcp.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
        }
    }

    private static Optional<List<String>> serverCommand() {
        return executable("clickhouse-server").map(p -> List.of(p.toString()))
                .or(() -> executable("clickhouse").map(p -> List.of(p.toString(), "server")));
    }

    // Debian puts clickhouse-server in /usr/sbin, which is not on every user's PATH.
    private static Optional<Path> executable(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Arrays.stream(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/bin"))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The config ./dev uses (scripts/dev/clickhouse/), with paths under our temp dir. */
    private void writeConfig() {
        Path templates = templates();
        try {
            for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "log")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(dir.resolve("config.xml"), Files.readString(templates.resolve("config.xml"))
                    .replace("@DIR@", dir.toAbsolutePath().toString())
                    .replace("@HTTP_PORT@", Integer.toString(ports.http()))
                    .replace("@TCP_PORT@", Integer.toString(ports.tcp())));
            Files.copy(templates.resolve("users.xml"), dir.resolve("users.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ClickHouse config under " + dir, e);
        }
    }

    /** scripts/dev/clickhouse of this checkout: tests run in a module's folder, below the checkout. */
    private static Path templates() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path templates = at.resolve("scripts/dev/clickhouse");
            if (Files.isRegularFile(templates.resolve("config.xml"))) {
                return templates;
            }
        }
        throw new IllegalStateException("scripts/dev/clickhouse/config.xml not found above " + Path.of("").toAbsolutePath()
                + ": run the tests inside the checkout");
    }

    private String logTail() {
        var out = new StringBuilder();
        for (String name : List.of("log/error.log", "log/stdout.log")) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
                out.append("==> ").append(file).append(" <==\n");
                lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            } catch (IOException e) {
                out.append("(cannot read ").append(file).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return out.isEmpty() ? "(no logs written)" : out.toString();
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
