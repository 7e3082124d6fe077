package dev.tracehound.bench;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.CommandResult;
import dev.tracehound.sandbox.DockerEngine;
import dev.tracehound.sandbox.DockerSandboxProvider;
import dev.tracehound.sandbox.DockerSandboxSettings;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxProvider;
import dev.tracehound.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * bench/sandbox: the Docker sandbox provider against the {@code docker} CLI doing the same
 * work with the same container settings (the baseline). Measures a cold sandbox (create and
 * run a first command), a command round trip in a warm sandbox, and rounds of many sandboxes
 * created at once, each running a command. Every command is {@code true}: what is measured is
 * the sandbox, not the command. Engine and CLI runs alternate, so both see the same load on a
 * shared machine. Prints p50 and p99 of both and their ratio. Last, cold starts again with a warm
 * pool of one spare, which is what a session sees when the service keeps one.
 * Run with {@code ./dev bench sandbox [cold runs] [warm runs] [concurrent rounds] [sandboxes per round]}
 * (defaults 20, 100, 5 and 20). Needs {@code DOCKER_HOST} and {@code TRACEHOUND_SANDBOX_IMAGE}.
 */
public final class SandboxBenchmark {

    private static final int DEFAULT_COLD_RUNS = 20;
    private static final int DEFAULT_WARM_RUNS = 100;
    private static final int DEFAULT_ROUNDS = 5;
    private static final int DEFAULT_CONCURRENCY = 20;
    private static final int COLD_WARM_UP = 3;
    private static final int WARM_WARM_UP = 10;
    private static final int CONCURRENT_WARM_UP_ROUNDS = 1;
    private static final double MAX_RATIO = 1.0;
    private static final Duration COLD_P50_LIMIT = Duration.ofMillis(800);
    private static final Duration WARM_P50_LIMIT = Duration.ofMillis(50);
    private static final Duration POOL_REFILL_PAUSE = Duration.ofMillis(1500);
    /** Marks the baseline's containers, so they are removed at the end whatever happened. */
    private static final String RUN_LABEL = "dev.tracehound.bench.run";
    /** The provider's label naming the instance that created a sandbox: this run. */
    private static final String INSTANCE_LABEL = "dev.tracehound.instance";

    private record Timings(long[] nanos) {
        double millis(int percentile) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
        }
    }

    /** One line of the table: the provider's timings beside the CLI's for the same work. */
    private record Row(String name, Timings engine, Timings cli, Duration engineP50Limit) {}

    /** Nanoseconds from asking for a sandbox to its first command's end, and to its removal. */
    private record Cold(long firstCommand, long removed) {}

    public static void main(String[] args) throws Exception {
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_COLD_RUNS;
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_WARM_RUNS;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_ROUNDS;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_CONCURRENCY;
        if (coldRuns < 1 || warmRuns < 1 || rounds < 1 || concurrency < 1) {
            throw new IllegalArgumentException("usage: ./dev bench sandbox [cold runs] [warm runs] [concurrent rounds] "
                    + "[sandboxes per round], each at least 1");
        }
        String dockerHost = required("DOCKER_HOST");
        String image = required("TRACEHOUND_SANDBOX_IMAGE");
        String runId = "sbench-" + ProcessHandle.current().pid();
        System.out.printf(Locale.ROOT, "bench/sandbox: image %s on %s; %d cold runs (after %d warm-up), %d warm round "
                        + "trips (after %d), %d rounds of %d concurrent sandboxes (after %d); load average %s%n",
                image, dockerHost, coldRuns, COLD_WARM_UP, warmRuns, WARM_WARM_UP, rounds, concurrency,
                CONCURRENT_WARM_UP_ROUNDS, Machine.loadAverage());

        var sessions = new AtomicInteger();
        Supplier<SandboxSpec> specs = () -> SandboxSpec.of(image,
                new SandboxSpec.Owner("bench", "bench", "bench-" + sessions.incrementAndGet()));
        var cli = new DockerCli(dockerHost, specs.get(), runId);
        // Interrupted or not, nothing of this run stays: the provider's containers are looked for too.
        Runnable removeLeftovers = () -> {
            cli.removeAll(INSTANCE_LABEL + "=" + runId, "of the provider, after it was closed,");
            cli.removeAll(RUN_LABEL + "=" + runId, "of the CLI");
        };
        Thread onExit = new Thread(removeLeftovers, "remove-leftover-containers");
        Runtime.getRuntime().addShutdownHook(onExit);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        var rows = new ArrayList<Row>();
        try (var engine = DockerEngine.connect(dockerHost); SandboxProvider provider = provider(engine, runId)) {
            System.out.printf("Docker %s; CLI %s%n", engine.status().version(), cli.version());
            rows.addAll(cold(provider, cli, specs, coldRuns));
            rows.add(warm(provider, cli, specs, warmRuns));
            rows.addAll(concurrent(provider, cli, specs, threads, rounds, concurrency));
        }
        try (var engine = DockerEngine.connect(dockerHost); SandboxProvider pooled = DockerSandboxProvider.create(engine,
                new DockerSandboxSettings(Duration.ofSeconds(30), 1, runId, "bridge"))) {
            rows.add(pooledCold(pooled, cli, specs, coldRuns));
        } finally {
            threads.shutdownNow();
            removeLeftovers.run();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "load average now %s (%d cores, shared with other work)%n", Machine.loadAverage(),
                Runtime.getRuntime().availableProcessors());
        printTable(rows);
    }

    /**
     * The provider under test, without a warm pool: a pooled sandbox would not be cold. The
     * reaper runs as it would in the service.
     */
    private static SandboxProvider provider(DockerEngine engine, String runId) {
        return DockerSandboxProvider.create(engine, new DockerSandboxSettings(Duration.ofSeconds(30), 0, runId, "bridge"));
    }

    // ---- the three measurements ----

    private static List<Row> cold(SandboxProvider provider, DockerCli cli, Supplier<SandboxSpec> specs,
            int runs) throws Exception {
        System.out.printf("cold: create + first command, %d warm-up and %d measured runs; load average %s ...%n",
                COLD_WARM_UP, runs, Machine.loadAverage());
        for (int i = 0; i < COLD_WARM_UP; i++) {
            engineCold(provider, specs);
            cli.runRemoved();
        }
        long[] firstCommand = new long[runs];
        long[] removed = new long[runs];
        long[] baseline = new long[runs];
        for (int i = 0; i < runs; i++) {
            // Alternating which goes first, so neither always runs right after the other.
            if (i % 2 == 1) {
                baseline[i] = cli.runRemoved();
            }
            Cold cold = engineCold(provider, specs);
            firstCommand[i] = cold.firstCommand();
            removed[i] = cold.removed();
            if (i % 2 == 0) {
                baseline[i] = cli.runRemoved();
            }
        }
        var cliTimings = new Timings(baseline);
        var rows = List.of(
                new Row("cold: create + first command (CLI: docker run --rm, which also removes)",
                        new Timings(firstCommand), cliTimings, COLD_P50_LIMIT),
                new Row("cold: create + command + remove (CLI: docker run --rm)", new Timings(removed), cliTimings,
                        null));
        rows.forEach(SandboxBenchmark::printFigures);
        return rows;
    }

    /**
     * What a session waits for with a warm pool of one: a spare is taken and its first command run.
     * Between runs the pool is given time to replace the spare, as it has between real sessions.
     */
    private static Row pooledCold(SandboxProvider provider, DockerCli cli, Supplier<SandboxSpec> specs, int runs)
            throws Exception {
        System.out.printf("cold with a warm pool of 1: create + first command, %d measured runs; load average %s ...%n",
                runs, Machine.loadAverage());
        engineCold(provider, specs);
        long[] firstCommand = new long[runs];
        long[] baseline = new long[runs];
        for (int i = 0; i < runs; i++) {
            Thread.sleep(POOL_REFILL_PAUSE.toMillis());
            firstCommand[i] = engineCold(provider, specs).firstCommand();
            baseline[i] = cli.runRemoved();
        }
        var row = new Row("cold with a warm pool of 1: create + first command (CLI: docker run --rm)",
                new Timings(firstCommand), new Timings(baseline), COLD_P50_LIMIT);
        printFigures(row);
        return row;
    }

    private static Cold engineCold(SandboxProvider provider, Supplier<SandboxSpec> specs)
            throws InterruptedException {
        long started = System.nanoTime();
        Sandbox sandbox = provider.create(specs.get());
        long firstCommand;
        try {
            check(sandbox.run(Command.argv("true")));
            firstCommand = System.nanoTime() - started;
        } finally {
            sandbox.close();
        }
        return new Cold(firstCommand, System.nanoTime() - started);
    }

    private static Row warm(SandboxProvider provider, DockerCli cli, Supplier<SandboxSpec> specs, int runs)
            throws Exception {
        System.out.printf("warm: command round trip, %d warm-up and %d measured runs; load average %s ...%n",
                WARM_WARM_UP, runs, Machine.loadAverage());
        long[] engine = new long[runs];
        long[] baseline = new long[runs];
        try (Sandbox sandbox = provider.create(specs.get())) {
            String container = cli.startIdle();
            try {
                for (int i = 0; i < WARM_WARM_UP; i++) {
                    check(sandbox.run(Command.argv("true")));
                    cli.exec(container);
                }
                for (int i = 0; i < runs; i++) {
                    if (i % 2 == 1) {
                        baseline[i] = cli.exec(container);
                    }
                    long started = System.nanoTime();
                    check(sandbox.run(Command.argv("true")));
                    engine[i] = System.nanoTime() - started;
                    if (i % 2 == 0) {
                        baseline[i] = cli.exec(container);
                    }
                }
            } finally {
                cli.remove(container);
            }
        }
        var row = new Row("warm: command round trip (CLI: docker exec)", new Timings(engine), new Timings(baseline),
                WARM_P50_LIMIT);
        printFigures(row);
        return row;
    }

    /**
     * Rounds of {@code concurrency} sandboxes started at once, each created, running a command
     * and removed, like {@code docker run --rm}. A round's wall time runs from the start until
     * the last is removed.
     */
    private static List<Row> concurrent(SandboxProvider provider, DockerCli cli, Supplier<SandboxSpec> specs,
            ExecutorService threads, int rounds, int concurrency) throws Exception {
        System.out.printf("concurrent: %d sandboxes at once, %d warm-up and %d measured rounds; load average %s ...%n",
                concurrency, CONCURRENT_WARM_UP_ROUNDS, rounds, Machine.loadAverage());
        Timed engineSandbox = () -> engineCold(provider, specs);
        Timed cliContainer = () -> {
            long took = cli.runRemoved();
            return new Cold(took, took);
        };
        for (int i = 0; i < CONCURRENT_WARM_UP_ROUNDS; i++) {
            round(threads, concurrency, engineSandbox);
            round(threads, concurrency, cliContainer);
        }
        long[] engineWall = new long[rounds];
        long[] cliWall = new long[rounds];
        long[] engineFirst = new long[rounds * concurrency];
        long[] engineEach = new long[rounds * concurrency];
        long[] cliEach = new long[rounds * concurrency];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 1) {
                cliWall[i] = round(threads, concurrency, cliContainer).into(null, cliEach, i * concurrency);
            }
            engineWall[i] = round(threads, concurrency, engineSandbox).into(engineFirst, engineEach, i * concurrency);
            if (i % 2 == 0) {
                cliWall[i] = round(threads, concurrency, cliContainer).into(null, cliEach, i * concurrency);
            }
        }
        var cliTimings = new Timings(cliEach);
        var rows = List.of(
                new Row(concurrency + " concurrent: wall time of a round (CLI: " + concurrency + " x docker run --rm)",
                        new Timings(engineWall), new Timings(cliWall), null),
                new Row(concurrency + " concurrent: per sandbox, create + first command (CLI: docker run --rm)",
                        new Timings(engineFirst), cliTimings, null),
                new Row(concurrency + " concurrent: per sandbox, create + command + remove (CLI: docker run --rm)",
                        new Timings(engineEach), cliTimings, null));
        rows.forEach(SandboxBenchmark::printFigures);
        return rows;
    }

    /** A sandbox or container created, running a command and removed. */
    private interface Timed {
        Cold run() throws Exception;
    }

    /** A round's wall time and the timings of each of its sandboxes. */
    private record Round(long wall, Cold[] each) {
        /** Copies the times to the first command (unless {@code firstCommands} is null) and to removal; the wall time. */
        long into(long[] firstCommands, long[] removed, int from) {
            for (int i = 0; i < each.length; i++) {
                if (firstCommands != null) {
                    firstCommands[from + i] = each[i].firstCommand();
                }
                removed[from + i] = each[i].removed();
            }
            return wall;
        }
    }

    private static Round round(ExecutorService threads, int concurrency, Timed work) throws Exception {
        var ready = new CountDownLatch(concurrency);
        var go = new CountDownLatch(1);
        var futures = new ArrayList<Future<Cold>>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return work.run();
            }));
        }
        ready.await();
        long started = System.nanoTime();
        go.countDown();
        var each = new Cold[concurrency];
        Exception failed = null;
        for (int i = 0; i < concurrency; i++) {
            // Every one is waited for, even after a failure, so none is still running when the run ends.
            try {
                each[i] = futures.get(i).get();
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        long wall = System.nanoTime() - started;
        if (failed != null) {
            throw failed;
        }
        return new Round(wall, each);
    }

    private static void check(CommandResult result) {
        if (result.exitCode() != 0 || result.ending() != CommandResult.Ending.EXITED) {
            throw new IllegalStateException("'true' in a sandbox ended " + result.ending() + " with exit code "
                    + result.exitCode() + ": " + result.stderrText());
        }
    }

    // ---- the baseline: the docker CLI ----

    /**
     * The {@code docker} CLI, giving containers what the provider gives a sandbox of
     * {@code spec}: user 1000, no capabilities, no new privileges, read-only root, tmpfs
     * workspace and /tmp of the spec's size, no network, Docker's init, the spec's CPU, memory
     * (no swap) and process limits. Labelled with this run instead of the provider's labels, so
     * the clean-up finds exactly this run's containers and no reaper takes them for its own.
     */
    private record DockerCli(String dockerHost, SandboxSpec spec, String runId) {

        private List<String> docker(String... arguments) {
            var command = new ArrayList<>(List.of("docker", "-H", dockerHost));
            command.addAll(List.of(arguments));
            return command;
        }

        private List<String> run(String... arguments) {
            List<String> command = docker("run");
            command.addAll(List.of(arguments));
            String tmpfs = ":size=" + spec.workspaceBytes() + ",uid=1000,gid=1000,mode=";
            command.addAll(List.of("--user", "1000:1000", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                    "--read-only", "--tmpfs", SandboxSpec.WORKSPACE + tmpfs + "0755", "--tmpfs", "/tmp" + tmpfs + "1777",
                    "--workdir", spec.workdir(), "--network", "none", "--init", "--cpus", Double.toString(spec.cpus()),
                    "--memory", Long.toString(spec.memoryBytes()), "--memory-swap", Long.toString(spec.memoryBytes()),
                    "--pids-limit", Integer.toString(spec.pids()), "--label", RUN_LABEL + "=" + runId, spec.image()));
            return command;
        }

        /** {@code docker run --rm … true}: create, start, wait and remove. */
        long runRemoved() throws IOException, InterruptedException {
            List<String> command = run("--rm");
            command.add("true");
            long started = System.nanoTime();
            execute(command);
            return System.nanoTime() - started;
        }

        /** A container that idles until removed, its id. */
        String startIdle() throws IOException, InterruptedException {
            List<String> command = run("-d");
            command.addAll(List.of("sleep", "infinity"));
            return execute(command).strip();
        }

        long exec(String container) throws IOException, InterruptedException {
            List<String> command = docker("exec", container, "true");
            long started = System.nanoTime();
            execute(command);
            return System.nanoTime() - started;
        }

        void remove(String container) throws IOException, InterruptedException {
            execute(docker("rm", "-f", container));
        }

        String version() throws IOException, InterruptedException {
            return execute(docker("version", "--format", "{{.Client.Version}}")).strip();
        }


        /** Removes every container with the label and says so; never throws, for it runs in finally blocks. */
        void removeAll(String label, String whose) {
            try {
                List<String> ids = labelled(label);
                if (!ids.isEmpty()) {
                    List<String> command = docker("rm", "-f");
                    command.addAll(ids);
                    try {
                        execute(command);
                    } catch (IllegalStateException e) {
                        // Another thread may be removing one already; only what is still there is a failure.
                        if (!labelled(label).isEmpty()) {
                            throw e;
                        }
                    }
                    System.out.printf("%d container(s) %s were left; removed them%n", ids.size(), whose);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("could not remove the containers labelled " + label + ": " + e.getMessage()
                        + "; remove them with docker rm -f");
            }
        }

        private List<String> labelled(String label) throws IOException, InterruptedException {
            return execute(docker("ps", "-aq", "--filter", "label=" + label)).lines().filter(line -> !line.isBlank())
                    .toList();
        }

        /** Runs the command to its end; its standard output, or an exception with all it said on failure. */
        private static String execute(List<String> command) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + output.strip());
            }
            return output;
        }
    }

    // ---- printing ----

    private static void printFigures(Row row) {
        System.out.printf(Locale.ROOT, "  %s: engine p50 %.1f ms, p99 %.1f ms; CLI p50 %.1f ms, p99 %.1f ms%n",
                row.name(), row.engine().millis(50), row.engine().millis(99), row.cli().millis(50),
                row.cli().millis(99));
    }

    private static void printTable(List<Row> rows) {
        System.out.println("| measurement | engine p50 ms | engine p99 ms | CLI p50 ms | CLI p99 ms | ratio p50 "
                + "| ratio p99 | target | met? |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            String target = (row.engineP50Limit() == null ? ""
                    : "engine p50 < " + row.engineP50Limit().toMillis() + " ms, ") + "ratios <= " + MAX_RATIO;
            Timings engine = row.engine();
            Timings cli = row.cli();
            double ratio50 = engine.millis(50) / cli.millis(50);
            double ratio99 = engine.millis(99) / cli.millis(99);
            var missed = new ArrayList<String>();
            if (row.engineP50Limit() != null && engine.millis(50) >= row.engineP50Limit().toMillis()) {
                missed.add("p50");
            }
            if (ratio50 > MAX_RATIO) {
                missed.add("ratio p50");
            }
            if (ratio99 > MAX_RATIO) {
                missed.add("ratio p99");
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %s | %s |%n", row.name(),
                    engine.millis(50), engine.millis(99), cli.millis(50), cli.millis(99), ratio50, ratio99, target,
                    missed.isEmpty() ? "yes" : "no: " + String.join(", ", missed));
        }
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run this with ./dev bench sandbox");
        }
        return value;
    }
}
