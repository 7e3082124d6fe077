package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The locally built sandbox image holds what the agent's commands need, as a Testcontainers
 * {@link GenericContainer}. Ryuk, Testcontainers' reaper, is an image that cannot be pulled
 * here, so it is off (TESTCONTAINERS_RYUK_DISABLED, set by the build); the container is
 * stopped and removed by try-with-resources instead, it carries our label, and the test
 * asserts none with that label is left.
 */
class SandboxImageIT {

    @Test
    void theImageHasTheToolsAndTheUserTheAgentNeeds() throws Exception {
        String image = System.getenv("TRACEHOUND_SANDBOX_IMAGE");
        assertThat(image).as("TRACEHOUND_SANDBOX_IMAGE (set by ./dev test)").isNotBlank();
        String label = "sandbox-image-it-" + System.nanoTime();
        try (var container = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("sleep", "infinity")
                // The engine here runs without a bridge network (dockerd --bridge=none).
                .withNetworkMode("none")
                .withLabels(Map.of(DockerEngine.MANAGED_LABEL, "true", "dev.tracehound.test", label))) {
            container.start();

            var tools = container.execInContainer("sh", "-c",
                    "git --version && python3 --version && bash --version | head -n 1 && ps --version");
            assertThat(tools.getExitCode()).as(tools.getStderr()).isZero();
            assertThat(tools.getStdout()).contains("git version", "Python 3", "GNU bash", "procps");
            var user = container.execInContainer(ExecConfig.builder().user("sandbox")
                    .command(new String[] {"sh", "-c", "id -u && ls -ld /workspace"}).build());
            assertThat(user.getStdout()).as(user.getStderr()).startsWith("1000").contains("sandbox sandbox");
        }
        try (var engine = DockerEngine.connect(System.getenv("DOCKER_HOST"))) {
            assertThat(engine.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("dev.tracehound.test", label)).exec()).isEmpty();
        }
    }
}
