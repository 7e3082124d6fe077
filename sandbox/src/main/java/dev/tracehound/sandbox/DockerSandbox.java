package dev.tracehound.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One sandbox: a container whose main process is the {@link CommandRunner} that runs its commands. */
final class DockerSandbox implements Sandbox {

    private static final long ALIVE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(400);
    private static final Pattern OOM_KILLS = Pattern.compile("(?m)^oom_kill (\\d+)$");
    // cgroup v1 first, then v2; either is the container's own cgroup.
    private static final String READ_OOM_KILLS = "cat /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null"
            + " || cat /sys/fs/cgroup/memory.events";

    private final DockerClient client;
    private final String id;
    private volatile SandboxSpec spec;
    private volatile Instant expiresAt;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> onClosed;
    private volatile CommandRunner runner;
    private volatile boolean closed;
    private volatile boolean dead;
    private volatile long aliveCheckedAt;
    private int oomKillsClaimed;

    DockerSandbox(DockerClient client, String id, SandboxSpec spec, ScheduledExecutorService scheduler,
            Consumer<String> onClosed) {
        this.client = client;
        this.id = id;
        this.spec = spec;
        this.expiresAt = Instant.now().plus(spec.ttl());
        this.scheduler = scheduler;
        this.onClosed = onClosed;
        this.aliveCheckedAt = System.nanoTime();
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
        requireUsable();
        var running = new DockerCommand(this, command, output);
        try {
            running.start();
        } catch (RuntimeException e) {
            throw alive() ? e : gone();
        }
        return running;
    }

    @Override
    public void writeFile(String path, byte[] content) {
        String file = WorkspacePaths.inWorkspace(path);
        var done = execUsable(List.of("/bin/sh", "-c", "mkdir -p \"$(dirname \"$0\")\" && cat > \"$0\"", file),
                content);
        if (done.exitCode() != 0) {
            throw new SandboxException(SandboxException.Reason.BAD_PATH,
                    "cannot write " + file + ": " + done.stderrText().strip());
        }
    }

    @Override
    public byte[] readFile(String path) {
        String file = WorkspacePaths.inWorkspace(path);
        var done = execUsable(List.of("cat", "--", file), null);
        if (done.exitCode() != 0) {
            throw new SandboxException(SandboxException.Reason.BAD_PATH,
                    "cannot read " + file + ": " + done.stderrText().strip());
        }
        return done.stdout();
    }

    @Override
    public List<FileEntry> listFiles(String directory) {
        String dir = WorkspacePaths.inWorkspace(directory);
        var done = execUsable(List.of("find", dir, "-mindepth", "1", "-maxdepth", "1", "-printf", "%y %s %p\\0"),
                null);
        if (done.exitCode() != 0) {
            throw new SandboxException(SandboxException.Reason.BAD_PATH,
                    "cannot list " + dir + ": " + done.stderrText().strip());
        }
        var entries = new ArrayList<FileEntry>();
        for (String line : done.stdoutText().split("\0")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(" ", 3);
            boolean isDirectory = parts[0].equals("d");
            // a directory's size is the file system's bookkeeping, not content: 0
            entries.add(new FileEntry(parts[2], isDirectory ? 0 : Long.parseLong(parts[1]), isDirectory));
        }
        entries.sort(Comparator.comparing(FileEntry::path));
        return entries;
    }

    @Override
    public Status status() {
        if (closed) {
            return Status.CLOSED;
        }
        try {
            var state = client.inspectContainerCmd(id).exec().getState();
            return Boolean.TRUE.equals(state.getRunning()) ? Status.READY : Status.DEAD;
        } catch (NotFoundException e) {
            return Status.CLOSED;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (runner != null) {
                runner.close();
            }
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already removed
        } finally {
            closed = true;
            onClosed.accept(id);
        }
    }

    /** The reaper removed it at the end of its time to live. */
    void reaped() {
        close();
    }

    /** When the reaper removes it. */
    Instant expiresAt() {
        return expiresAt;
    }

    /** A spare from the warm pool becomes this session's: its spec, and a time to live from now. */
    void claim(SandboxSpec sessionSpec) {
        spec = sessionSpec;
        expiresAt = Instant.now().plus(sessionSpec.ttl());
    }

    DockerClient client() {
        return client;
    }

    void attachRunner(CommandRunner value) {
        runner = value;
    }

    CommandRunner runner() {
        return runner;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Whether the container still runs; asks the engine at most every 400 ms. */
    boolean alive() {
        if (closed || dead) {
            return false;
        }
        long now = System.nanoTime();
        if (now - aliveCheckedAt < ALIVE_CHECK_NANOS) {
            return true;
        }
        return aliveNow();
    }

    /** Whether the container still runs, as the engine says now. */
    boolean aliveNow() {
        if (closed || dead) {
            return false;
        }
        aliveCheckedAt = System.nanoTime();
        try {
            var state = client.inspectContainerCmd(id).exec().getState();
            dead = !Boolean.TRUE.equals(state.getRunning());
        } catch (NotFoundException e) {
            dead = true;
        }
        return !dead;
    }

    /** Whether the container is still running after a while, asking the engine every 100 ms. */
    boolean staysAlive(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (aliveNow()) {
            if (System.nanoTime() >= end) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return aliveNow();
            }
        }
        return false;
    }

    SandboxException gone() {
        return new SandboxException(SandboxException.Reason.SANDBOX_GONE, closed
                ? "sandbox " + id + " of session " + spec.owner().session() + " is closed"
                : "sandbox " + id + " of session " + spec.owner().session() + " died (its container stopped)");
    }

    /**
     * Whether an OOM kill in the container's cgroup is not yet accounted for by another command;
     * if the counter cannot be read, an exit by SIGKILL we did not send is taken for one.
     */
    synchronized boolean claimOomKill() {
        try {
            Matcher kills = OOM_KILLS.matcher(exec(List.of("/bin/sh", "-c", READ_OOM_KILLS), null).stdoutText());
            if (!kills.find()) {
                return true;
            }
            if (Integer.parseInt(kills.group(1)) > oomKillsClaimed) {
                oomKillsClaimed++;
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Runs a short helper command to its end. */
    Exec exec(List<String> argv, byte[] stdin) {
        var command = new Command(argv, Optional.of(SandboxSpec.WORKSPACE), Map.of(), Optional.ofNullable(stdin), Duration.ofSeconds(60),
                Command.DEFAULT_OUTPUT_LIMIT);
        var running = new DockerCommand(this, command, chunk -> {});
        running.start();
        try {
            var done = running.await();
            return new Exec(done.exitCode(), done.stdout(), done.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Reason.REFUSED, "interrupted while running " + argv, e);
        }
    }

    record Exec(int exitCode, byte[] stdout, byte[] stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    private Exec execUsable(List<String> argv, byte[] stdin) {
        requireUsable();
        try {
            return exec(argv, stdin);
        } catch (RuntimeException e) {
            throw alive() ? e : gone();
        }
    }

    private void requireUsable() {
        if (closed || dead) {
            throw gone();
        }
    }
}
