package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input, a dying container, fork bombs, and closing, on the real Docker engine. */
class DockerSandboxFaultsIT {

    private static DockerEngine engine;
    private static DockerSandboxProvider provider;

    @BeforeAll
    static void createProvider() {
        engine = SandboxTesting.engine();
        provider = DockerSandboxProvider.create(engine, SandboxTesting.settings());
    }

    @AfterAll
    static void closeAndCheckNothingIsLeft() {
        provider.close();
        try {
            SandboxTesting.assertNoManagedContainerIsLeft(engine);
        } finally {
            engine.close();
        }
    }

    private static SandboxSpec spec() {
        return SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER);
    }

    @Test
    void aMissingImageIsReportedBeforeAnyContainerIsCreated() {
        int before = SandboxTesting.managedContainers(engine);

        assertThatThrownBy(() -> provider.create(SandboxSpec.of("tracehound-sandbox:no-such-tag", SandboxTesting.OWNER)))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.IMAGE_NOT_FOUND))
                .hasMessageContaining("tracehound-sandbox:no-such-tag")
                .hasMessageContaining("never pulled");
        assertThat(SandboxTesting.managedContainers(engine)).isEqualTo(before);
    }

    @Test
    void invalidSpecsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> spec().withMemory(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryBytes");
        assertThatThrownBy(() -> SandboxSpec.Network.of("wifi"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use none or bridge");
    }

    @Test
    void aBridgeNetworkTheEngineDoesNotHaveIsRefusedBeforeStart() {
        boolean hasBridge = engine.client().listNetworksCmd().exec().stream()
                .anyMatch(network -> "bridge".equals(network.getName()));
        int before = SandboxTesting.managedContainers(engine);

        if (hasBridge) {
            try (var sandbox = provider.create(spec().withNetwork(SandboxSpec.Network.BRIDGE))) {
                assertThat(sandbox.status()).isEqualTo(Sandbox.Status.READY);
            }
        } else {
            assertThatThrownBy(() -> provider.create(spec().withNetwork(SandboxSpec.Network.BRIDGE)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has no network named bridge")
                    .hasMessageContaining("DOCKER_HOST=" + engine.dockerHost());
        }
        assertThat(SandboxTesting.managedContainers(engine)).isEqualTo(before);
    }

    @Test
    void anUnreachableEngineIsUnavailableNamingDockerHost() {
        try (var nowhere = DockerEngine.connect("unix:///nonexistent.sock")) {
            assertThatThrownBy(() -> DockerSandboxProvider.create(nowhere, SandboxTesting.settings()))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.UNAVAILABLE))
                    .hasMessageContaining("DOCKER_HOST=unix:///nonexistent.sock");
        }
    }

    @Test
    void aContainerKilledUnderACommandEndsItsAwaitAsSandboxGone() throws Exception {
        var sandbox = provider.create(spec());
        try {
            var running = sandbox.start(Command.argv("sleep", "30"), chunk -> {});
            Thread.sleep(300);
            long start = System.nanoTime();
            engine.client().killContainerCmd(sandbox.id()).exec();

            var awaited = CompletableFuture.supplyAsync(() -> {
                try {
                    return running.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> awaited.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SandboxException.class)
                    .cause().satisfies(e -> assertThat(((SandboxException) e).reason())
                            .isEqualTo(SandboxException.Reason.SANDBOX_GONE))
                    .hasMessageContaining("died");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(sandbox.status()).isEqualTo(Sandbox.Status.DEAD);
            assertThatThrownBy(() -> sandbox.run(Command.argv("true")))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.SANDBOX_GONE));
        } finally {
            sandbox.close();
        }
        assertThat(sandbox.status()).isEqualTo(Sandbox.Status.CLOSED);
    }

    @Test
    void aForkBombStopsAtThePidsLimitAndTheSandboxStaysUsable() throws Exception {
        try (var sandbox = provider.create(spec().withPids(64))) {
            var bomb = sandbox.run(Command.argv("bash", "-c", ":(){ :|:& };:; sleep 2").withTimeout(Duration.ofSeconds(3)));
            var after = sandbox.run(Command.argv("echo", "alive"));
            assertThat(after.exitCode()).as(after.stderrText()).isZero();
            var ps = sandbox.run(Command.argv("ps", "-eo", "args="));

            // bash starts the bomb and waits while it fills the pids limit; what is left of the bomb's
            // process group is killed when bash ends (or at the timeout), however fast it forks.
            assertThat(bomb.stderrText()).contains("fork: retry: Resource temporarily unavailable");
            assertThat(bomb.ending()).isIn(CommandResult.Ending.TIMED_OUT, CommandResult.Ending.EXITED);
            assertThat(bomb.took()).isLessThan(Duration.ofSeconds(15));
            assertThat(after.stdoutText()).isEqualTo("alive\n");
            assertThat(ps.stdoutText()).doesNotContain("bash");
            assertThat(sandbox.status()).isEqualTo(Sandbox.Status.READY);
        }
    }

    @Test
    void aWorkdirBelowTheWorkspaceIsCreatedForTheSandboxUser() throws Exception {
        var base = spec();
        var spec = new SandboxSpec(base.image(), base.cpus(), base.memoryBytes(), base.pids(), base.workspaceBytes(),
                base.network(), base.env(), base.owner(), base.ttl(), "/workspace/project");
        try (var sandbox = provider.create(spec)) {
            var result = sandbox.run(Command.shell("pwd; touch made-here && stat -c %u made-here"));

            assertThat(result.stdoutText()).isEqualTo("/workspace/project\n1000\n");
            assertThat(sandbox.listFiles("/workspace/project"))
                    .containsExactly(new FileEntry("/workspace/project/made-here", 0, false));
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedSandboxTakesNoCommands() {
        var sandbox = provider.create(spec());
        String id = sandbox.id();

        sandbox.close();
        sandbox.close();

        assertThat(sandbox.status()).isEqualTo(Sandbox.Status.CLOSED);
        assertThat(engine.client().listContainersCmd().withShowAll(true).withIdFilter(java.util.List.of(id)).exec())
                .isEmpty();
        assertThatThrownBy(() -> sandbox.start(Command.argv("true"), chunk -> {}))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.SANDBOX_GONE))
                .hasMessageContaining("closed");
    }
}
