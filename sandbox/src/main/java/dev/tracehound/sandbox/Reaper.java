package dev.tracehound.sandbox;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes managed containers past their time to live (whichever instance made them), and at
 * start-up those a previous life of this instance left behind.
 */
final class Reaper {

    private static final Logger log = LoggerFactory.getLogger(Reaper.class);

    private final DockerEngine engine;
    private final String instanceId;
    private final Map<String, DockerSandbox> held;

    Reaper(DockerEngine engine, String instanceId, Map<String, DockerSandbox> held) {
        this.engine = engine;
        this.instanceId = instanceId;
        this.held = held;
    }

    int reapExpired(Instant now) {
        int removed = 0;
        for (Container container : managedContainers()) {
            // A sandbox held here knows its own end (a warm-pool spare given to a session outlives its labels).
            var sandbox = held.get(container.getId());
            var expiresAt = sandbox != null ? Optional.of(sandbox.expiresAt())
                    : instant(container, DockerSandboxProvider.EXPIRES_AT_LABEL);
            if (expiresAt.isPresent() && expiresAt.get().isBefore(now)) {
                log.info("removing sandbox container {} of session {}: its time to live ended at {}",
                        container.getId(), sandbox != null ? sandbox.spec().owner().session()
                                : label(container, DockerSandboxProvider.SESSION_LABEL), expiresAt.get());
                removed += remove(container);
            }
        }
        return removed;
    }

    /**
     * Containers of this instance id that this provider does not hold were left by a previous run of
     * the same instance. Those of other instance ids are left alone: another live instance may share
     * the engine, and nothing tells a dead one from a live one; their time to live bounds them.
     */
    int reapOrphans() {
        int removed = 0;
        for (Container container : managedContainers()) {
            String owner = label(container, DockerSandboxProvider.INSTANCE_LABEL);
            if (owner.isEmpty() || held.containsKey(container.getId())) {
                continue;
            }
            if (owner.equals(instanceId)) {
                log.info("removing orphaned sandbox container {} of instance {} (this is {})",
                        container.getId(), owner, instanceId);
                removed += remove(container);
            }
        }
        return removed;
    }

    private int remove(Container container) {
        var sandbox = held.get(container.getId());
        if (sandbox != null) {
            sandbox.reaped();
            return 1;
        }
        try {
            engine.client().removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            return 1;
        } catch (NotFoundException e) {
            return 0;
        }
    }

    private List<Container> managedContainers() {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerEngine.MANAGED_LABEL, "true")).exec();
    }

    private static String label(Container container, String name) {
        var labels = container.getLabels();
        return labels == null ? "" : labels.getOrDefault(name, "");
    }

    private static Optional<Instant> instant(Container container, String name) {
        try {
            String value = label(container, name);
            return value.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
