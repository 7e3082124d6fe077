package dev.tracehound.agent;

import dev.tracehound.agent.metering.SandboxAllowance;
import dev.tracehound.agent.metering.SandboxMinutes;
import dev.tracehound.agent.session.AgentSession;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxProvider;
import dev.tracehound.sandbox.SandboxSpec;
import dev.tracehound.tools.GitSources;
import dev.tracehound.tools.ToolContext;
import dev.tracehound.tools.ToolFailure;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's tools get: its project, its sandbox (made on the first command, and again if
 * the old one was reaped or died), when allowed a second sandbox with network access for the
 * commands a person approved as needing it, and the git repositories the project allows. Each
 * sandbox is held under a lease that meters its minutes ({@link SandboxMinutes}); a new one is
 * refused, as the tool's error, once the workspace's plan allows no more this month
 * ({@link SandboxAllowance}).
 */
public final class SessionSandboxes implements Function<AgentSession, ToolContext>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionSandboxes.class);

    private final Supplier<SandboxProvider> provider;
    private final String image;
    private final Duration ttl;
    private final Function<UUID, GitSources> repositories;
    private final boolean networkAllowed;
    private final SandboxMinutes minutes;
    private final SandboxAllowance allowance;
    private final Map<UUID, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<UUID, Sandbox> networked = new ConcurrentHashMap<>();

    /**
     * @param provider     asked only when a tool first needs a sandbox (Docker may be down at start-up)
     * @param image        the sandboxes' image
     * @param ttl          how long a sandbox may live; an idle session's sandbox is gone after it
     * @param repositories   the git sources each project allows
     * @param networkAllowed whether approved commands that need the network get a sandbox with it
     * @param minutes        leases each sandbox a session gets, metering its minutes
     * @param allowance      whether the session's workspace may start another sandbox
     */
    public SessionSandboxes(Supplier<SandboxProvider> provider, String image, Duration ttl,
            Function<UUID, GitSources> repositories, boolean networkAllowed, SandboxMinutes minutes,
            SandboxAllowance allowance) {
        this.provider = provider;
        this.image = image;
        this.ttl = ttl;
        this.repositories = repositories;
        this.networkAllowed = networkAllowed;
        this.minutes = Objects.requireNonNull(minutes, "minutes");
        this.allowance = Objects.requireNonNull(allowance, "allowance");
    }

    @Override
    public ToolContext apply(AgentSession session) {
        String project = session.projectId().toString();
        GitSources git = repositories.apply(session.projectId());
        Supplier<Sandbox> sandbox = () -> sandboxOf(session, sandboxes, SandboxSpec.Network.NONE);
        if (!networkAllowed) {
            return new ToolContext(project, sandbox, git);
        }
        return new ToolContext(project, sandbox, () -> sandboxOf(session, networked, SandboxSpec.Network.BRIDGE), git);
    }

    /** Closes the session's sandboxes, if it has any (the session was deleted). */
    public void release(UUID sessionId) {
        for (Map<UUID, Sandbox> kind : List.of(sandboxes, networked)) {
            Sandbox sandbox = kind.remove(sessionId);
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    private Sandbox sandboxOf(AgentSession session, Map<UUID, Sandbox> kind, SandboxSpec.Network network) {
        return kind.compute(session.id(), (id, current) -> {
            if (current != null && current.status() == Sandbox.Status.READY) {
                return current;
            }
            if (current != null) {
                log.info("the sandbox of session {} is {}; making a new one", id, current.status());
                current.close();
            }
            allowance.refusal(session).ifPresent(refusal -> {
                throw new ToolFailure(refusal);
            });
            var owner = new SandboxSpec.Owner(session.workspaceId().toString(), session.projectId().toString(),
                    session.id().toString());
            SandboxProvider chosen = provider.get();
            Sandbox made = chosen.create(SandboxSpec.of(image, owner).withTtl(ttl).withNetwork(network));
            return minutes.lease(session, chosen.name(), made);
        });
    }

    @Override
    public void close() {
        Set<UUID> sessions = new HashSet<>(sandboxes.keySet());
        sessions.addAll(networked.keySet());
        sessions.forEach(this::release);
    }
}
