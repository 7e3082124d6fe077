package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

/** The real engine and image the sandbox tests run on, and the check that they leave nothing behind. */
final class SandboxTesting {

    static final SandboxSpec.Owner OWNER = new SandboxSpec.Owner("ws-test", "proj-test", "session-test");

    private SandboxTesting() {}

    static DockerEngine engine() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("DOCKER_HOST is not set: run the tests with ./dev test, which starts a "
                    + "Docker engine, or point DOCKER_HOST at one");
        }
        return DockerEngine.connect(host);
    }

    static String image() {
        return System.getenv().getOrDefault("TRACEHOUND_SANDBOX_IMAGE", "tracehound-sandbox:latest");
    }

    static DockerSandboxSettings settings() {
        return DockerSandboxSettings.defaults().withInstanceId("test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static int managedContainers(DockerEngine engine) {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerEngine.MANAGED_LABEL, "true")).exec().size();
    }

    static void assertNoManagedContainerIsLeft(DockerEngine engine) {
        var leftovers = engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerEngine.MANAGED_LABEL, "true")).exec();
        assertThat(leftovers).as("containers labelled %s after the tests", DockerEngine.MANAGED_LABEL).isEmpty();
    }
}
