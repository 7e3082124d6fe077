package dev.tracehound.sandbox;

import dev.tracehound.sandbox.SandboxException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sandboxes on Daytona, through its REST API ({@code Authorization: Bearer <key>}, optional
 * {@code X-Daytona-Organization-ID}).
 *
 * <p>The request and response shapes come from Daytona's own sources (github.com/daytonaio/daytona):
 * <ul>
 *   <li>{@code POST /sandbox} with {@code CreateSandbox}: snapshot, env, labels, networkBlockAll, cpu,
 *       memory (GB), disk (GB), autoStopInterval (minutes), autoDeleteInterval (minutes, 0 = on stop)
 *       ({@code apps/api/src/sandbox/dto/create-sandbox.dto.ts}); the answer is a {@code Sandbox} with
 *       {@code id} and {@code state}.</li>
 *   <li>{@code GET /sandbox/{id}} and {@code DELETE /sandbox/{id}}; states started, starting, creating,
 *       pulling_snapshot, error, build_failed, destroyed… ({@code apps/api/src/sandbox/enums/sandbox-state.enum.ts}).</li>
 *   <li>{@code POST /toolbox/{id}/toolbox/process/execute} with {@code {command, cwd, timeout (s)}} →
 *       {@code {exitCode, result}}, 408 on timeout ({@code apps/api/src/sandbox/controllers/toolbox.deprecated.controller.ts},
 *       {@code apps/daemon/pkg/toolbox/process/execute/{types,execute}.go}).</li>
 *   <li>{@code POST /toolbox/{id}/toolbox/files/upload?path=} (multipart field {@code file}, parent
 *       directories created: {@code apps/daemon/pkg/toolbox/fs/upload_file.go}), {@code GET …/files/download?path=}
 *       (raw bytes), {@code GET …/files?path=} → {@code [FileInfo{name, isDir, size, …}]}
 *       ({@code apps/api/src/sandbox/dto/toolbox.dto.ts}).</li>
 *   <li>Errors: NestJS's {@code {statusCode, message, error}}.</li>
 * </ul>
 *
 * <p>What Daytona does not offer, and how it is handled:
 * <ul>
 *   <li>The spec's image is used as a Daytona <em>snapshot</em> name: the create API has no plain
 *       image field (images are built through {@code buildInfo}, which we never do: nothing is pulled or built).</li>
 *   <li>CPU, memory and disk are whole units: rounded up. The pids limit is not enforced by Daytona.</li>
 *   <li>TTL: {@code autoStopInterval} is an idle timeout in minutes, not an absolute deadline;
 *       with {@code autoDeleteInterval = 0} a stopped sandbox is deleted. Closing deletes it at once.</li>
 *   <li>Network NONE → {@code networkBlockAll = true}.</li>
 *   <li>Execute runs no shell and takes no stdin nor env: the command is {@code /bin/sh -c '<script>'}
 *       (quoted for both POSIX sh and the daemon's splitter); stdin is uploaded to a file under /tmp
 *       and redirected; env is exported in the script.</li>
 *   <li>Output is not streamed: execute answers once, with stdout and stderr combined in
 *       {@code result}. It arrives as one STDOUT chunk, cut at the output limit; stderr is empty.
 *       On a timeout (408) the daemon returns no output.</li>
 *   <li>Signals: no endpoint signals an execute call. The script records its pid (a process group
 *       leader: the daemon sets setpgid) in /tmp, and {@code signal}/{@code kill} run
 *       {@code kill -N -<pgid>} through a second execute call (retried for up to 2 s while the pid
 *       file is not written yet). The pid files stay in the sandbox's /tmp.</li>
 *   <li>Retries: 5xx and 429 answers and connection failures are retried with exponential backoff, except
 *       execute, which may already have run the command.</li>
 * </ul>
 * Verified only against a stub server that answers with these shapes, never against Daytona itself.
 */
public final class DaytonaSandboxProvider implements SandboxProvider {

    private static final Logger log = LoggerFactory.getLogger(DaytonaSandboxProvider.class);
    private static final long GIB = 1L << 30;
    private static final Duration MAX_POLL = Duration.ofSeconds(2);
    private static final List<String> FAILED_STATES = List.of("error", "build_failed");
    private static final List<String> GONE_STATES = List.of("destroyed", "destroying", "stopped", "stopping",
            "archived", "archiving");

    private final DaytonaClient client;
    private final Duration startTimeout;
    private final Duration firstPoll;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<DaytonaSandbox> open = ConcurrentHashMap.newKeySet();

    private DaytonaSandboxProvider(DaytonaClient client, Duration startTimeout, Duration firstPoll) {
        this.client = client;
        this.startTimeout = startTimeout;
        this.firstPoll = firstPoll;
    }

    /** Waits up to 3 minutes for a sandbox to start; retries begin after 200 ms. */
    public static DaytonaSandboxProvider create(DaytonaSettings settings) {
        return create(settings, Duration.ofMillis(200), Duration.ofMinutes(3), Duration.ofMillis(250));
    }

    static DaytonaSandboxProvider create(DaytonaSettings settings, Duration firstBackoff, Duration startTimeout,
            Duration firstPoll) {
        return new DaytonaSandboxProvider(new DaytonaClient(settings, firstBackoff), startTimeout, firstPoll);
    }

    @Override
    public String name() {
        return "daytona";
    }

    @Override
    public Sandbox create(SandboxSpec spec) {
        JsonNode created = client.createSandbox(createBody(spec));
        String id = created.path("id").asString("");
        if (id.isEmpty()) {
            throw new SandboxException(Reason.REFUSED, "Daytona at " + client.baseUrl()
                    + " created a sandbox but answered no id");
        }
        try {
            waitUntilStarted(id, created);
        } catch (RuntimeException e) {
            deleteQuietly(id);
            throw e;
        }
        var sandbox = new DaytonaSandbox(client, id, spec, executor, open::remove);
        open.add(sandbox);
        return sandbox;
    }

    ObjectNode createBody(SandboxSpec spec) {
        ObjectNode body = client.json().createObjectNode();
        body.put("snapshot", spec.image());
        body.put("cpu", (int) Math.ceil(spec.cpus()));
        body.put("memory", ceilDiv(spec.memoryBytes(), GIB));
        body.put("disk", ceilDiv(spec.workspaceBytes(), GIB));
        ObjectNode labels = body.putObject("labels");
        labels.put(DockerEngine.MANAGED_LABEL, "true");
        labels.put("dev.tracehound.workspace", spec.owner().workspace());
        labels.put("dev.tracehound.project", spec.owner().project());
        labels.put("dev.tracehound.session", spec.owner().session());
        ObjectNode env = body.putObject("env");
        spec.env().forEach(env::put);
        body.put("networkBlockAll", spec.network() == SandboxSpec.Network.NONE);
        body.put("autoStopInterval", Math.max(1, ceilDiv(spec.ttl().toSeconds(), 60)));
        body.put("autoDeleteInterval", 0);
        return body;
    }

    private void waitUntilStarted(String id, JsonNode sandbox) {
        Instant deadline = Instant.now().plus(startTimeout);
        Duration poll = firstPoll;
        JsonNode current = sandbox;
        while (true) {
            String state = current.path("state").asString("");
            if (state.equals("started")) {
                return;
            }
            if (FAILED_STATES.contains(state)) {
                String reason = current.path("errorReason").asString("no reason given");
                throw new SandboxException(Reason.REFUSED, "Daytona sandbox " + id + " failed to start (state "
                        + state + "): " + client.scrub(reason));
            }
            if (GONE_STATES.contains(state)) {
                throw new SandboxException(Reason.SANDBOX_GONE, "Daytona sandbox " + id + " went " + state
                        + " before it started");
            }
            if (Instant.now().plus(poll).isAfter(deadline)) {
                throw new SandboxException(Reason.UNAVAILABLE, "Daytona sandbox " + id + " at " + client.baseUrl()
                        + " did not start within " + startTimeout + " (last state '" + state + "')");
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException(Reason.UNAVAILABLE, "interrupted while sandbox " + id + " was starting",
                        e);
            }
            poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
            current = client.getSandbox(id);
        }
    }

    private void deleteQuietly(String id) {
        try {
            client.deleteSandbox(id);
        } catch (RuntimeException e) {
            log.warn("could not delete Daytona sandbox {} that failed to start; its auto-stop will reap it", id, e);
        }
    }

    @Override
    public void close() {
        for (DaytonaSandbox sandbox : List.copyOf(open)) {
            try {
                sandbox.close();
            } catch (RuntimeException e) {
                log.warn("could not delete Daytona sandbox {}; its auto-stop will reap it", sandbox.id(), e);
            }
        }
        executor.shutdownNow();
    }

    private static long ceilDiv(long value, long unit) {
        return Math.ceilDiv(value, unit);
    }
}
