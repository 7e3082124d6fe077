package dev.tracehound.sandbox;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandboxes as containers on the local Docker engine: one container per sandbox, running as uid
 * 1000 with every capability dropped, a read-only root, tmpfs {@code /workspace} and {@code /tmp},
 * memory without swap, a CPU share, a process limit, Docker's init as PID 1, and no network
 * unless asked. With a warm pool, spare sandboxes of recently asked specs wait ready (see
 * {@link DockerSandboxSettings#warmPoolSize()}). The container's main process is the {@link CommandRunner}, which forks the
 * commands; an image needs {@code python3} (3.8 or later) for it. Images are never pulled.
 *
 * <p>Reaping: at start-up and every {@code reapInterval} any managed container past its
 * {@code expires-at} label is removed, whichever instance made it. At start-up, managed containers
 * labelled with this provider's instance id are orphans of its previous run, and removed. Containers
 * of other instance ids are left to their time to live: a live instance may share the engine.
 */
public final class DockerSandboxProvider implements SandboxProvider {

    private static final Logger log = LoggerFactory.getLogger(DockerSandboxProvider.class);
    static final String LABEL_PREFIX = "dev.tracehound.";
    static final String WORKSPACE_LABEL = LABEL_PREFIX + "workspace";
    static final String PROJECT_LABEL = LABEL_PREFIX + "project";
    static final String SESSION_LABEL = LABEL_PREFIX + "session";
    static final String CREATED_AT_LABEL = LABEL_PREFIX + "created-at";
    static final String EXPIRES_AT_LABEL = LABEL_PREFIX + "expires-at";
    static final String INSTANCE_LABEL = LABEL_PREFIX + "instance";
    static final String USER = "1000:1000";
    private static final Duration RUNNER_START = Duration.ofSeconds(20);

    private final DockerEngine engine;
    private final DockerSandboxSettings settings;
    private final Map<String, DockerSandbox> sandboxes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Reaper reaper;
    private final WarmPool pool;
    private volatile boolean closed;

    private DockerSandboxProvider(DockerEngine engine, DockerSandboxSettings settings) {
        this.engine = engine;
        this.settings = settings;
        var scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("docker-sandbox-scheduler").factory());
        // on close, pending command timeouts are moot: their sandboxes are removed
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler = scheduler;
        this.reaper = new Reaper(engine, settings.instanceId(), sandboxes);
        this.pool = new WarmPool(settings.warmPoolSize(), this::createContainer);
    }

    /**
     * Connects to the engine, removes orphans of dead instances and starts the reaper.
     *
     * @throws SandboxException {@code UNAVAILABLE} when the engine does not answer
     */
    public static DockerSandboxProvider create(DockerEngine engine, DockerSandboxSettings settings) {
        var status = engine.status();
        if (!status.reachable()) {
            throw new SandboxException(SandboxException.Reason.UNAVAILABLE, status.reason());
        }
        var provider = new DockerSandboxProvider(engine, settings);
        try {
            provider.reaper.reapOrphans();
            provider.reaper.reapExpired(Instant.now());
        } catch (RuntimeException e) {
            provider.scheduler.shutdownNow();
            throw provider.unavailable(e);
        }
        long every = settings.reapInterval().toMillis();
        provider.scheduler.scheduleWithFixedDelay(provider::reapQuietly, every, every, TimeUnit.MILLISECONDS);
        return provider;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        if (closed) {
            throw new IllegalStateException("this Docker sandbox provider is closed");
        }
        if (settings.warmPoolSize() > 0) {
            var spare = pool.take(spec);
            if (spare.isPresent()) {
                spare.get().claim(spec);
                return spare.get();
            }
        }
        return createContainer(spec);
    }

    private DockerSandbox createContainer(SandboxSpec spec) {
        String networkMode = networkMode(spec);
        try {
            if (!engine.hasImage(spec.image())) {
                throw new SandboxException(SandboxException.Reason.IMAGE_NOT_FOUND, "image " + spec.image()
                        + " does not exist on the Docker engine at DOCKER_HOST=" + engine.dockerHost()
                        + "; images are never pulled: build or load it there first");
            }
            Instant createdAt = Instant.now();
            String id = engine.client().createContainerCmd(spec.image())
                    .withCmd(CommandRunner.COMMAND)
                    .withStdinOpen(true)
                    .withAttachStdin(true)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withUser(USER)
                    // Docker would create a deeper workdir owned by root: it is made by the sandbox user below.
                    .withWorkingDir(SandboxSpec.WORKSPACE)
                    .withEnv(environment(spec.env()))
                    .withLabels(labels(spec, createdAt))
                    .withHostConfig(hostConfig(spec, networkMode))
                    .exec()
                    .getId();
            var sandbox = new DockerSandbox(engine.client(), id, spec, scheduler, sandboxes::remove);
            sandboxes.put(id, sandbox);
            try {
                var runner = CommandRunner.attach(engine.streams(), id, RUNNER_START);
                sandbox.attachRunner(runner);
                engine.client().startContainerCmd(id).exec();
                awaitRunner(spec, runner);
                if (!spec.workdir().equals(SandboxSpec.WORKSPACE)) {
                    sandbox.exec(List.of("mkdir", "-p", spec.workdir()), null);
                }
            } catch (RuntimeException e) {
                sandbox.close();
                throw e;
            }
            return sandbox;
        } catch (DockerException e) {
            throw new SandboxException(SandboxException.Reason.REFUSED,
                    "the Docker engine refused to create a sandbox of " + spec.image() + ": " + e.getMessage(), e);
        } catch (SandboxException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void awaitRunner(SandboxSpec spec, CommandRunner runner) {
        try {
            runner.awaitReady(RUNNER_START);
        } catch (SandboxException e) {
            String said = runner.diagnostics();
            throw new SandboxException(SandboxException.Reason.REFUSED, "the sandbox's command runner did not start in "
                    + "image " + spec.image() + " (it needs python3 3.8 or later on the PATH)"
                    + (said.isEmpty() ? ": " + e.getMessage() : "; it said: " + said), e);
        }
    }

    /** Removes the expired sandboxes now; how many. */
    int reapNow() {
        return reaper.reapExpired(Instant.now());
    }

    /** Spares of the warm pool ready to be given out. */
    int readySpares() {
        return pool.ready();
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
        scheduler.shutdown();
        try {
            // let a reaping in progress finish its removals rather than cut them off
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DockerSandbox sandbox : List.copyOf(sandboxes.values())) {
            sandbox.close();
        }
    }

    private void reapQuietly() {
        try {
            reaper.reapExpired(Instant.now());
        } catch (RuntimeException e) {
            log.warn("reaping expired sandboxes failed, trying again in {}", settings.reapInterval(), e);
        }
    }

    private String networkMode(SandboxSpec spec) {
        if (spec.network() == SandboxSpec.Network.NONE) {
            return "none";
        }
        String bridge = settings.bridgeNetwork();
        boolean exists;
        try {
            exists = engine.client().listNetworksCmd().exec().stream()
                    .anyMatch(network -> bridge.equals(network.getName()));
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (!exists) {
            throw new IllegalArgumentException("network bridge was asked for, but the Docker engine at DOCKER_HOST="
                    + engine.dockerHost() + " has no network named " + bridge + ": use network none, run dockerd "
                    + "with a bridge, or name another network (tracehound.sandbox.bridge-network)");
        }
        return bridge;
    }

    private SandboxException unavailable(RuntimeException e) {
        var status = engine.status();
        String reason = status.reachable() ? "the Docker engine at DOCKER_HOST=" + engine.dockerHost()
                + " failed: " + e.getMessage() : status.reason();
        return new SandboxException(SandboxException.Reason.UNAVAILABLE, reason, e);
    }

    private Map<String, String> labels(SandboxSpec spec, Instant createdAt) {
        var labels = new HashMap<String, String>();
        labels.put(DockerEngine.MANAGED_LABEL, "true");
        labels.put(WORKSPACE_LABEL, spec.owner().workspace());
        labels.put(PROJECT_LABEL, spec.owner().project());
        labels.put(SESSION_LABEL, spec.owner().session());
        labels.put(CREATED_AT_LABEL, createdAt.toString());
        labels.put(EXPIRES_AT_LABEL, createdAt.plus(spec.ttl()).toString());
        labels.put(INSTANCE_LABEL, settings.instanceId());
        return labels;
    }

    private static List<String> environment(Map<String, String> env) {
        var list = new ArrayList<String>();
        env.forEach((name, value) -> list.add(name + "=" + value));
        list.add(CommandRunner.SOURCE_VARIABLE + "=" + CommandRunner.SOURCE);
        return list;
    }

    private static HostConfig hostConfig(SandboxSpec spec, String networkMode) {
        String tmpfs = "size=" + spec.workspaceBytes() + ",uid=1000,gid=1000,mode=0755";
        return HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of(SandboxSpec.WORKSPACE, tmpfs, "/tmp", tmpfs.replace("0755", "1777")))
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000L))
                .withPidsLimit((long) spec.pids())
                .withNetworkMode(networkMode)
                .withInit(true)
                // the runner's stdout carries every command's output: not for a log file
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
    }
}
