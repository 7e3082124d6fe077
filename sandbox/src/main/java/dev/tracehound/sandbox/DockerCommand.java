package dev.tracehound.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command run by the sandbox's {@link CommandRunner}: it leads its own process group, which a
 * timeout, {@link #kill()} or {@link #signal(int)} signals as a whole, and what it leaves running
 * in that group is killed when it ends.
 */
final class DockerCommand implements RunningCommand, CommandRunner.Listener {

    private static final Logger log = LoggerFactory.getLogger(DockerCommand.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final DockerSandbox sandbox;
    private final Command command;
    private final Consumer<OutputChunk> output;
    private final String id = UUID.randomUUID().toString();
    private final CompletableFuture<CommandResult> result = new CompletableFuture<>();
    private final Kept stdout;
    private final Kept stderr;
    private final long startedAt = System.nanoTime();
    private volatile boolean timedOut;
    private volatile boolean killed;
    private volatile ScheduledFuture<?> timer;

    DockerCommand(DockerSandbox sandbox, Command command, Consumer<OutputChunk> output) {
        this.sandbox = sandbox;
        this.command = command;
        this.output = output;
        this.stdout = new Kept(OutputChunk.Stream.STDOUT, command.outputLimit());
        this.stderr = new Kept(OutputChunk.Stream.STDERR, command.outputLimit());
    }

    void start() {
        timer = sandbox.scheduler().schedule(() -> {
            timedOut = true;
            sandbox.runner().signal(id, 9);
        }, command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        sandbox.runner().run(id, command, sandbox.spec().workdir(), this);
    }

    @Override
    public void signal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal must be 1-64 (e.g. 2 SIGINT, 15 SIGTERM), was " + signal);
        }
        killed = true;
        sandbox.runner().signal(id, signal);
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
                if (e.getCause() instanceof SandboxException failure) {
                    throw new SandboxException(failure.reason(), failure.getMessage(), failure);
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

    @Override
    public void output(OutputChunk.Stream stream, byte[] bytes) {
        (stream == OutputChunk.Stream.STDERR ? stderr : stdout).add(bytes);
    }

    @Override
    public void exited(int exitCode, boolean stdoutCut, boolean stderrCut) {
        stopTimer();
        stdout.truncated |= stdoutCut;
        stderr.truncated |= stderrCut;
        // Deciding the ending may run another command (the OOM counter): not on the runner's thread.
        Thread.ofVirtual().start(() -> finish(exitCode));
    }

    @Override
    public void failed(String message) {
        stopTimer();
        result.completeExceptionally(new SandboxException(SandboxException.Reason.REFUSED,
                "sandbox " + sandbox.id() + " could not start " + command.argv() + ": " + message));
    }

    @Override
    public void lost() {
        stopTimer();
        Thread.ofVirtual().start(() -> result.completeExceptionally(sandbox.aliveNow()
                ? new SandboxException(SandboxException.Reason.SANDBOX_GONE, "sandbox " + sandbox.id()
                        + " lost its command runner; it takes no more commands")
                : sandbox.gone()));
    }

    private void stopTimer() {
        var pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void finish(int exitCode) {
        try {
            // Killed by a signal nobody here sent: the container may be dying, and its state lags.
            if (exitCode > 128 && !timedOut && !killed && !sandbox.staysAlive(Duration.ofMillis(300))) {
                result.completeExceptionally(sandbox.gone());
                return;
            }
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
