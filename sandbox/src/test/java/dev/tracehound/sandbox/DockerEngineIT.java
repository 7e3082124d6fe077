package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs against the real engine that {@code ./dev test} started (DOCKER_HOST), never a mock. */
class DockerEngineIT {

    private static DockerEngine engine;

    @BeforeAll
    static void connect() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("DOCKER_HOST is not set: run the tests with ./dev test, which starts a "
                    + "Docker engine, or point DOCKER_HOST at one");
        }
        engine = DockerEngine.connect(host);
    }

    @AfterAll
    static void noContainerOfOursIsLeft() {
        var leftovers = engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerEngine.MANAGED_LABEL, "true")).exec();
        engine.close();
        assertThat(leftovers).as("containers labelled %s after the tests", DockerEngine.MANAGED_LABEL).isEmpty();
    }

    @Test
    void theEngineAnswersWithItsVersion() {
        var status = engine.status();

        assertThat(status.reachable()).as(status.reason()).isTrue();
        assertThat(status.version()).isNotBlank();
        assertThat(status.apiVersion()).matches("\\d+\\.\\d+");
    }

    @Test
    void anUnreachableEngineIsReportedWithItsAddress() {
        try (var nowhere = DockerEngine.connect("unix:///nonexistent/docker.sock")) {
            var status = nowhere.status();

            assertThat(status.reachable()).isFalse();
            assertThat(status.reason()).contains("DOCKER_HOST=unix:///nonexistent/docker.sock");
        }
    }

    @Test
    void theLocallyBuiltSandboxImageHasItsToolsAndRunsAsANonRootUserWithoutNetwork() throws Exception {
        String image = System.getenv().getOrDefault("TRACEHOUND_SANDBOX_IMAGE", "tracehound-sandbox:latest");
        assertThat(engine.hasImage(image)).as("image %s (built by ./dev up or ./dev test)", image).isTrue();
        assertThat(engine.hasImage("tracehound-sandbox:no-such-tag")).isFalse();

        String output = run(image, "git --version; python3 --version; id -u; "
                + "(exec 3<>/dev/tcp/127.0.0.1/80) 2>/dev/null && echo net-open || echo net-closed; "
                + "touch /etc/x 2>/dev/null && echo rootfs-writable || echo rootfs-read-only");

        assertThat(output).contains("git version", "Python 3.");
        assertThat(output.lines().toList()).contains("1000", "net-closed", "rootfs-read-only");
    }

    private static String run(String image, String script) throws Exception {
        var client = engine.client();
        String id = client.createContainerCmd(image)
                .withCmd(List.of("bash", "-c", script))
                .withUser("1000")
                .withLabels(Map.of(DockerEngine.MANAGED_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withInit(true)
                        .withReadonlyRootfs(true).withMemory(256L * 1024 * 1024))
                .exec()
                .getId();
        try {
            client.startContainerCmd(id).exec();
            int exit = client.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            var out = new StringBuilder();
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(exit).as("exit code of %s; output:%n%s", script, out).isZero();
            return out.toString();
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
