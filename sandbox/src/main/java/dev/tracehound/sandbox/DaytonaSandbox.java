package dev.tracehound.sandbox;

import dev.tracehound.sandbox.CommandResult.Ending;
import dev.tracehound.sandbox.SandboxException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** A Daytona sandbox, driven through the toolbox API. See {@link DaytonaSandboxProvider} for what is emulated. */
final class DaytonaSandbox implements Sandbox {

    private static final Logger log = LoggerFactory.getLogger(DaytonaSandbox.class);
    private static final int SIGKILL = 9;
    private static final int SIGNAL_ATTEMPTS = 20;
    private static final Duration SIGNAL_RETRY = Duration.ofMillis(100);
    private static final Set<String> GONE_STATES = Set.of("destroyed", "destroying");

    private final DaytonaClient client;
    private final String id;
    private final SandboxSpec spec;
    private final Executor executor;
    private final Consumer<DaytonaSandbox> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    DaytonaSandbox(DaytonaClient client, String id, SandboxSpec spec, Executor executor,
            Consumer<DaytonaSandbox> onClose) {
        this.client = client;
        this.id = id;
        this.spec = spec;
        this.executor = executor;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SandboxSpec spec() {
        return spec;
    }

    @Override
    public RunningCommand start(Command command, Consumer<OutputChunk> output) {
        ensureOpen();
        String cwd = WorkspacePaths.inWorkspace(command.cwd().orElse(spec.workdir()));
        var running = new DaytonaCommand(UUID.randomUUID().toString());
        running.future = CompletableFuture.supplyAsync(() -> running.run(command, cwd, output), executor);
        return running;
    }

    @Override
    public void writeFile(String path, byte[] content) {
        String target = WorkspacePaths.inWorkspace(path);
        ensureOpen();
        onFile(() -> {
            client.upload(id, target, content);
            return null;
        }, target);
    }

    @Override
    public byte[] readFile(String path) {
        String target = WorkspacePaths.inWorkspace(path);
        ensureOpen();
        return onFile(() -> client.download(id, target), target);
    }

    @Override
    public List<FileEntry> listFiles(String directory) {
        String target = WorkspacePaths.inWorkspace(directory);
        ensureOpen();
        JsonNode infos = onFile(() -> client.listFiles(id, target), target);
        List<FileEntry> entries = new ArrayList<>();
        String prefix = target.endsWith("/") ? target : target + "/";
        infos.forEach(info -> entries.add(new FileEntry(prefix + info.path("name").asString(),
                info.path("size").asLong(), info.path("isDir").asBoolean())));
        entries.sort(Comparator.comparing(FileEntry::path));
        return List.copyOf(entries);
    }

    @Override
    public Status status() {
        if (closed.get()) {
            return Status.CLOSED;
        }
        try {
            String state = client.getSandbox(id).path("state").asString();
            if ("started".equals(state)) {
                return Status.READY;
            }
            return GONE_STATES.contains(state) ? Status.CLOSED : Status.DEAD;
        } catch (SandboxException e) {
            if (e.reason() == Reason.SANDBOX_GONE) {
                return Status.CLOSED;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.deleteSandbox(id);
        } finally {
            onClose.accept(this);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SandboxException(Reason.SANDBOX_GONE, "sandbox " + id + " is closed");
        }
    }

    /**
     * A 404 from the toolbox means either a missing file or a missing sandbox: asking for the
     * sandbox tells them apart.
     */
    private <T> T onFile(Supplier<T> call, String path) {
        try {
            return call.get();
        } catch (SandboxException e) {
            if (e.reason() != Reason.SANDBOX_GONE) {
                throw e;
            }
            client.getSandbox(id);
            throw new SandboxException(Reason.BAD_PATH, path + " does not exist in sandbox " + id, e);
        }
    }

    /** POSIX single quoting; Daytona's command splitter (quotes, no escapes) reads it the same way. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    /**
     * The toolbox's execute runs no shell: it splits the command on spaces outside quotes. So the
     * command is {@code /bin/sh -c '<script>'}; the script records its pid (the process group
     * leader, since the daemon starts commands with setpgid) for {@link #signal}, attaches stdin,
     * exports the command's environment, then execs the argv.
     */
    static String shellCommand(Command command, String pidFile, String stdinFile) {
        var script = new StringBuilder("echo $$ > ").append(quote(pidFile)).append(" && ");
        if (stdinFile == null) {
            script.append("exec 0</dev/null && ");
        } else {
            script.append("exec 0<").append(quote(stdinFile)).append(" && rm -f ").append(quote(stdinFile))
                    .append(" && ");
        }
        command.env().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> script
                .append("export ").append(entry.getKey()).append('=').append(quote(entry.getValue())).append(" && "));
        script.append("exec");
        command.argv().forEach(arg -> script.append(' ').append(quote(arg)));
        return "/bin/sh -c " + quote(script.toString());
    }

    /** A command in flight: one blocking execute call on a provider thread. */
    private final class DaytonaCommand implements RunningCommand {

        private final String token;
        private final AtomicInteger signalSent = new AtomicInteger();
        private volatile CompletableFuture<CommandResult> future;

        DaytonaCommand(String token) {
            this.token = token;
        }

        private String pidFile() {
            return "/tmp/.tracehound-" + token + ".pid";
        }

        CommandResult run(Command command, String cwd, Consumer<OutputChunk> output) {
            long began = System.nanoTime();
            String stdinFile = null;
            if (command.stdin().isPresent()) {
                stdinFile = "/tmp/.tracehound-" + token + ".stdin";
                client.upload(id, stdinFile, command.stdin().get());
            }
            long timeoutSeconds = Math.max(1, (command.timeout().toMillis() + 999) / 1000);
            var answer = client.execute(id, shellCommand(command, pidFile(), stdinFile), cwd, timeoutSeconds);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            if (answer.status() == DaytonaClient.REQUEST_TIMEOUT) {
                byte[] message = (client.errorMessage(answer) + "\n").getBytes(StandardCharsets.UTF_8);
                return new CommandResult(128 + SIGKILL, Ending.TIMED_OUT, new byte[0], message, false, took);
            }
            JsonNode body = client.readJson(answer.body());
            // Older daemons answered {"code":…}; current ones {"exitCode":…}.
            int exitCode = body.has("exitCode") ? body.path("exitCode").asInt() : body.path("code").asInt(-1);
            byte[] all = body.path("result").asString("").getBytes(StandardCharsets.UTF_8);
            boolean truncated = all.length > command.outputLimit();
            byte[] kept = truncated ? Arrays.copyOf(all, (int) command.outputLimit()) : all;
            if (kept.length > 0) {
                deliver(output, kept);
            }
            byte[] stdout = truncated ? concat(kept, CommandResult.TRUNCATED.getBytes(StandardCharsets.UTF_8)) : kept;
            int signal = signalSent.get();
            if (signal != 0 && (exitCode < 0 || exitCode == 128 + signal)) {
                return new CommandResult(128 + signal, Ending.KILLED, stdout, new byte[0], truncated, took);
            }
            if (exitCode < 0) {
                // The daemon reports -1 for a process ended by a signal it does not name.
                return new CommandResult(128 + SIGKILL, Ending.KILLED, stdout, new byte[0], truncated, took);
            }
            return new CommandResult(exitCode, Ending.EXITED, stdout, new byte[0], truncated, took);
        }

        private void deliver(Consumer<OutputChunk> output, byte[] bytes) {
            try {
                output.accept(new OutputChunk(OutputChunk.Stream.STDOUT, bytes));
            } catch (RuntimeException e) {
                log.warn("an output consumer of sandbox {} failed", id, e);
            }
        }

        @Override
        public void signal(int signal) {
            if (signal < 1 || signal > 64) {
                throw new IllegalArgumentException("signal must be between 1 and 64, was " + signal);
            }
            if (future != null && future.isDone()) {
                return;
            }
            ensureOpen();
            signalSent.compareAndSet(0, signal);
            String pid = "$(cat " + quote(pidFile()) + ")";
            String script = "kill -" + signal + " -" + pid + " 2>/dev/null || kill -" + signal + " " + pid;
            // The kill fails while the command has not yet written its pid: try again until it has, or ended.
            for (int attempt = 0; attempt < SIGNAL_ATTEMPTS && !future.isDone(); attempt++) {
                var answer = client.execute(id, "/bin/sh -c " + quote(script), null, 10);
                if (answer.status() == DaytonaClient.REQUEST_TIMEOUT) {
                    throw new SandboxException(Reason.REFUSED, "sending signal " + signal + " in sandbox " + id
                            + " timed out");
                }
                if (client.readJson(answer.body()).path("exitCode").asInt(-1) == 0) {
                    return;
                }
                pause(SIGNAL_RETRY);
            }
        }

        @Override
        public void kill() {
            signal(SIGKILL);
        }

        @Override
        public CommandResult await() throws InterruptedException {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw unwrap(e);
            }
        }

        @Override
        public CommandResult await(Duration within) throws InterruptedException, TimeoutException {
            try {
                return future.get(within.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw unwrap(e);
            }
        }

        private RuntimeException unwrap(ExecutionException e) {
            if (e.getCause() instanceof SandboxException cause) {
                return new SandboxException(cause.reason(), cause.getMessage(), cause);
            }
            return new SandboxException(Reason.REFUSED, "a command in sandbox " + id + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(Reason.UNAVAILABLE, "interrupted while signalling a command", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
