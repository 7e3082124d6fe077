package dev.tracehound.sandbox;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command run by {@code docker exec}. Docker makes every exec'd process the leader of its own
 * session and process group, so the wrapper only records its pid (the group id) in
 * {@code /tmp/.th/<id>.pid} and execs the command in place; a timeout, {@link #kill()} or
 * {@link #signal(int)} signals that whole group from a second exec. When the command ends, what
 * it left running in its group is killed: nothing outlives the command but what it detached
 * with {@code setsid}.
 */
final class DockerCommand implements RunningCommand {

    private static final Logger log = LoggerFactory.getLogger(DockerCommand.class);
    static final String PID_DIR = "/tmp/.th";
    private static final String WRAPPER = "mkdir -p " + PID_DIR + " 2>/dev/null; echo $$ > " + PID_DIR
            + "/$0.pid 2>/dev/null; exec \"$@\"";
    /**
     * docker-java never half-closes an exec's attached stdin, so the command would not see its end:
     * exactly its length is read into a file that becomes the command's stdin instead.
     */
    private static final String WRAPPER_WITH_STDIN = "mkdir -p " + PID_DIR + " 2>/dev/null; echo $$ > " + PID_DIR
            + "/$0.pid 2>/dev/null; head -c \"$1\" > " + PID_DIR + "/$0.in; shift; { rm -f " + PID_DIR
            + "/$0.in; exec \"$@\"; } < " + PID_DIR + "/$0.in";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Executor VIRTUAL = command -> Thread.ofVirtual().start(command);

    private final DockerSandbox sandbox;
    private final Command command;
    private final Consumer<OutputChunk> output;
    private final String id = UUID.randomUUID().toString();
    private final CompletableFuture<CommandResult> result = new CompletableFuture<>();
    private final Kept stdout;
    private final Kept stderr;
    private final long startedAt = System.nanoTime();
    private volatile String execId;
    private volatile boolean timedOut;
    private volatile boolean killed;
    private volatile ScheduledFuture<?> timer;
    private volatile CompletableFuture<Void> signalling = CompletableFuture.completedFuture(null);

    DockerCommand(DockerSandbox sandbox, Command command, Consumer<OutputChunk> output) {
        this.sandbox = sandbox;
        this.command = command;
        this.output = output;
        this.stdout = new Kept(OutputChunk.Stream.STDOUT, command.outputLimit());
        this.stderr = new Kept(OutputChunk.Stream.STDERR, command.outputLimit());
    }

    void start() {
        var argv = new ArrayList<String>(command.stdin()
                .map(bytes -> List.of("/bin/sh", "-c", WRAPPER_WITH_STDIN, id, String.valueOf(bytes.length)))
                .orElse(List.of("/bin/sh", "-c", WRAPPER, id)));
        argv.addAll(command.argv());
        var env = new ArrayList<String>();
        command.env().forEach((name, value) -> env.add(name + "=" + value));
        var client = sandbox.client();
        execId = client.execCreateCmd(sandbox.id())
                .withCmd(argv.toArray(String[]::new))
                .withUser(DockerSandboxProvider.USER)
                .withWorkingDir(command.cwd().orElse(sandbox.spec().workdir()))
                .withEnv(env)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(command.stdin().isPresent())
                .exec()
                .getId();
        var start = client.execStartCmd(execId);
        command.stdin().ifPresent(bytes -> start.withStdIn(new ByteArrayInputStream(bytes)));
        timer = sandbox.scheduler().schedule(() -> {
            timedOut = true;
            Thread.ofVirtual().start(() -> send(9));
        }, command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            attach(start);
        } catch (RuntimeException e) {
            timer.cancel(false);
            throw e;
        }
    }

    private void attach(ExecStartCmd start) {
        start.exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).add(frame.getPayload());
            }

            @Override
            public void onError(Throwable failure) {
                log.debug("the output stream of command {} in sandbox {} failed", id, sandbox.id(), failure);
                Thread.ofVirtual().start(DockerCommand.this::finish);
            }

            @Override
            public void onComplete() {
                Thread.ofVirtual().start(DockerCommand.this::finish);
            }
        });
    }

    @Override
    public void signal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal must be 1-64 (e.g. 2 SIGINT, 15 SIGTERM), was " + signal);
        }
        killed = true;
        send(signal);
    }

    @Override
    public void kill() {
        signal(9);
    }

    @Override
    public CommandResult await() throws InterruptedException {
        while (true) {
            try {
                return await(POLL);
            } catch (TimeoutException e) {
                // keep waiting: await(within) has checked the sandbox is still there
            }
        }
    }

    @Override
    public CommandResult await(Duration within) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return result.get(Math.max(0, Math.min(left, POLL.toNanos())), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SandboxException gone) {
                    throw new SandboxException(gone.reason(), gone.getMessage(), gone);
                }
                throw new IllegalStateException("command " + command.argv() + " failed", e.getCause());
            } catch (TimeoutException e) {
                if (!sandbox.alive()) {
                    result.completeExceptionally(sandbox.gone());
                    continue;
                }
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
            }
        }
    }

    /**
     * Signals the command's process group from a second exec, retrying while the pid is not yet
     * written or the exec cannot start (a full pids limit). A SIGKILL is repeated until the group
     * is empty, since a fork bomb refills it; once the group is empty its pid file is removed.
     */
    private void signalGroup(int signal, boolean commandEnded) {
        // Builtins only: nothing is forked, which matters when the pids limit is reached.
        // dash's kill takes no "--"; "-<pgid>" after the signal is the process group.
        String pidFile = PID_DIR + "/$0.pid";
        String script = "read p < " + pidFile + " || exit 3; kill -" + signal + " -\"$p\" 2>/dev/null || { rm -f "
                + pidFile + "; exit 4; }";
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < giveUp && sandbox.alive()) {
            try {
                int exit = sandbox.exec(List.of("/bin/sh", "-c", script, id), null).exitCode();
                if (exit == 4 || (exit == 3 && (commandEnded || result.isDone())) || (exit == 0 && signal != 9)) {
                    return;
                }
            } catch (RuntimeException e) {
                log.debug("signalling command {} in sandbox {} failed, retrying", id, sandbox.id(), e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(int signal) {
        CompletableFuture<Void> sending;
        synchronized (this) {
            sending = CompletableFuture.runAsync(() -> signalGroup(signal, false), VIRTUAL);
            signalling = CompletableFuture.allOf(signalling, sending);
        }
        sending.join();
    }

    private void finish() {
        if (result.isDone()) {
            return;
        }
        var pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
        try {
            // A killed command is over when its whole group is, not just its first process.
            signalling.get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("killing the process group of command {} in sandbox {} did not finish", id, sandbox.id(), e);
        }
        try {
            Long exit = sandbox.client().inspectExecCmd(execId).exec().getExitCodeLong();
            if (exit == null || !sandbox.aliveNow()) {
                result.completeExceptionally(sandbox.gone());
                return;
            }
            int exitCode = exit.intValue();
            // Killed by a signal nobody here sent: the container may be dying, and its state lags.
            if (exitCode > 128 && !timedOut && !killed && !sandbox.staysAlive(Duration.ofMillis(300))) {
                result.completeExceptionally(sandbox.gone());
                return;
            }
            // What the command left running in its process group ends with it (and a fork bomb with it).
            signalGroup(9, true);
            result.complete(new CommandResult(exitCode, ending(exitCode), stdout.bytes(), stderr.bytes(),
                    stdout.truncated || stderr.truncated, Duration.ofNanos(System.nanoTime() - startedAt)));
        } catch (RuntimeException e) {
            result.completeExceptionally(sandbox.aliveNow() ? e : sandbox.gone());
        }
    }

    private CommandResult.Ending ending(int exitCode) {
        if (timedOut) {
            return CommandResult.Ending.TIMED_OUT;
        }
        if (killed && exitCode > 128) {
            return CommandResult.Ending.KILLED;
        }
        if (exitCode == 128 + 9 && sandbox.claimOomKill()) {
            return CommandResult.Ending.OUT_OF_MEMORY;
        }
        return CommandResult.Ending.EXITED;
    }

    /** One stream's output up to the limit, passed on as it comes. */
    private final class Kept {
        private final OutputChunk.Stream stream;
        private final long limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Kept(OutputChunk.Stream stream, long limit) {
            this.stream = stream;
            this.limit = limit;
        }

        void add(byte[] payload) {
            byte[] kept;
            synchronized (this) {
                long room = limit - bytes.size();
                int take = (int) Math.min(room, payload.length);
                if (take < payload.length) {
                    truncated = true;
                }
                if (take <= 0) {
                    return;
                }
                kept = take == payload.length ? payload : Arrays.copyOf(payload, take);
                bytes.writeBytes(kept);
            }
            try {
                output.accept(new OutputChunk(stream, kept));
            } catch (RuntimeException e) {
                log.warn("the output consumer of command {} in sandbox {} failed", id, sandbox.id(), e);
            }
        }

        synchronized byte[] bytes() {
            if (!truncated) {
                return bytes.toByteArray();
            }
            var withMarker = new ByteArrayOutputStream();
            withMarker.writeBytes(bytes.toByteArray());
            withMarker.writeBytes(CommandResult.TRUNCATED.getBytes(StandardCharsets.UTF_8));
            return withMarker.toByteArray();
        }
    }
}
