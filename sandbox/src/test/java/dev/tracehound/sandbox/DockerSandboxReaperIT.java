package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Time to live and orphans of dead instances, on the real Docker engine. */
class DockerSandboxReaperIT {

    private static DockerEngine engine;

    @BeforeAll
    static void connect() {
        engine = SandboxTesting.engine();
    }

    @AfterAll
    static void checkNothingIsLeft() {
        try {
            SandboxTesting.assertNoManagedContainerIsLeft(engine);
        } finally {
            engine.close();
        }
    }

    @Test
    void aSandboxPastItsTimeToLiveIsRemovedByTheReaper() throws Exception {
        var settings = SandboxTesting.settings().withReapInterval(Duration.ofSeconds(1));
        try (var provider = DockerSandboxProvider.create(engine, settings)) {
            long start = System.nanoTime();
            var sandbox = provider.create(SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER)
                    .withTtl(Duration.ofSeconds(2)));
            assertThat(sandbox.status()).isEqualTo(Sandbox.Status.READY);

            while (sandbox.status() != Sandbox.Status.CLOSED && System.nanoTime() - start < 8_000_000_000L) {
                Thread.sleep(100);
            }

            assertThat(sandbox.status()).isEqualTo(Sandbox.Status.CLOSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1900),
                    Duration.ofMillis(4500));
            assertThat(containers(sandbox.id())).isEmpty();
        }
    }

    @Test
    void reapNowRemovesOnlyExpiredSandboxes() throws Exception {
        try (var provider = DockerSandboxProvider.create(engine, SandboxTesting.settings())) {
            var shortLived = provider.create(SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER)
                    .withTtl(Duration.ofMillis(500)));
            var longLived = provider.create(SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER));
            Thread.sleep(600);

            assertThat(provider.reapNow()).isEqualTo(1);
            assertThat(shortLived.status()).isEqualTo(Sandbox.Status.CLOSED);
            assertThat(longLived.status()).isEqualTo(Sandbox.Status.READY);
        }
    }

    @Test
    void containersLeftByAPreviousLifeOfTheSameInstanceAreRemovedAtStartUpAndThoseOfOthersAreKept() {
        var settings = SandboxTesting.settings();
        String leftBehind = managedContainer(settings.instanceId(), Instant.now().minus(Duration.ofHours(1)));
        String ofAnotherInstance = managedContainer(SandboxTesting.instanceId("other"),
                Instant.now().minus(Duration.ofHours(1)));
        try {
            try (var provider = DockerSandboxProvider.create(engine, settings)) {
                assertThat(containers(leftBehind)).isEmpty();
                assertThat(containers(ofAnotherInstance)).hasSize(1);
            }
        } finally {
            engine.client().removeContainerCmd(ofAnotherInstance).withForce(true).exec();
        }
    }

    @Test
    void containersOfAnyInstancePastTheirTimeToLiveAreRemovedAtStartUp() {
        String expired = managedContainer(SandboxTesting.instanceId("gone"), Instant.now().minus(Duration.ofHours(3)));

        try (var provider = DockerSandboxProvider.create(engine, SandboxTesting.settings())) {
            assertThat(containers(expired)).isEmpty();
        }
    }

    private static String managedContainer(String instanceId, Instant createdAt) {
        return engine.client().createContainerCmd(SandboxTesting.image())
                .withCmd("sleep", "infinity")
                .withLabels(Map.of(
                        DockerEngine.MANAGED_LABEL, "true",
                        DockerSandboxProvider.INSTANCE_LABEL, instanceId,
                        DockerSandboxProvider.SESSION_LABEL, "session-test",
                        DockerSandboxProvider.CREATED_AT_LABEL, createdAt.toString(),
                        DockerSandboxProvider.EXPIRES_AT_LABEL, createdAt.plus(Duration.ofHours(2)).toString()))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                .exec()
                .getId();
    }

    private static List<?> containers(String id) {
        return engine.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec();
    }
}
