package dev.tracehound.agent;

import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxProvider;
import dev.tracehound.sandbox.SandboxSpec;
import dev.tracehound.tools.GitSources;
import dev.tracehound.tools.ToolContext;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's tools get: its project, its sandbox (made on the first command, and again if
 * the old one was reaped or died) and the git repositories the project allows.
 */
public final class SessionSandboxes implements Function<AgentSession, ToolContext>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionSandboxes.class);

    private final Supplier<SandboxProvider> provider;
    private final String image;
    private final Duration ttl;
    private final Function<UUID, GitSources> repositories;
    private final Map<UUID, Sandbox> sandboxes = new ConcurrentHashMap<>();

    /**
     * @param provider     asked only when a tool first needs a sandbox (Docker may be down at start-up)
     * @param image        the sandboxes' image
     * @param ttl          how long a sandbox may live; an idle session's sandbox is gone after it
     * @param repositories the git sources each project allows
     */
    public SessionSandboxes(Supplier<SandboxProvider> provider, String image, Duration ttl,
            Function<UUID, GitSources> repositories) {
        this.provider = provider;
        this.image = image;
        this.ttl = ttl;
        this.repositories = repositories;
    }

    @Override
    public ToolContext apply(AgentSession session) {
        return new ToolContext(session.projectId().toString(), () -> sandboxOf(session),
                repositories.apply(session.projectId()));
    }

    /** Closes the session's sandbox, if it has one (the session was deleted). */
    public void release(UUID sessionId) {
        Sandbox sandbox = sandboxes.remove(sessionId);
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Sandbox sandboxOf(AgentSession session) {
        return sandboxes.compute(session.id(), (id, current) -> {
            if (current != null && current.status() == Sandbox.Status.READY) {
                return current;
            }
            if (current != null) {
                log.info("the sandbox of session {} is {}; making a new one", id, current.status());
                current.close();
            }
            var owner = new SandboxSpec.Owner(session.workspaceId().toString(), session.projectId().toString(),
                    session.id().toString());
            return provider.get().create(SandboxSpec.of(image, owner).withTtl(ttl));
        });
    }

    @Override
    public void close() {
        sandboxes.keySet().forEach(this::release);
    }
}
