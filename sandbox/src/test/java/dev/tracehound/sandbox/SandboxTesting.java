package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The real engine and image the sandbox tests run on, and the check that they leave nothing behind. */
final class SandboxTesting {

    private static final String RUN = "test" + UUID.randomUUID().toString().substring(0, 6);
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
        return DockerSandboxSettings.defaults().withInstanceId(instanceId(UUID.randomUUID().toString().substring(0, 8)));
    }

    /**
     * An instance id of this test run: other runs and other programs may use the same engine at the
     * same time, and what they hold is not ours to judge.
     */
    static String instanceId(String name) {
        return RUN + "-" + name;
    }

    static int managedContainers(DockerEngine engine) {
        return ofThisRun(engine).size();
    }

    /** No managed container of this test run is left (other users of the engine may hold theirs). */
    static void assertNoManagedContainerIsLeft(DockerEngine engine) {
        assertThat(ofThisRun(engine)).as("containers labelled %s and %s=%s-… after the tests",
                DockerEngine.MANAGED_LABEL, DockerSandboxProvider.INSTANCE_LABEL, RUN).isEmpty();
    }

    private static List<Container> ofThisRun(DockerEngine engine) {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerEngine.MANAGED_LABEL, "true")).exec().stream()
                .filter(container -> container.getLabels().getOrDefault(DockerSandboxProvider.INSTANCE_LABEL, "")
                        .startsWith(RUN + "-"))
                .toList();
    }
}
