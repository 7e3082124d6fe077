package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The warm pool on the real Docker engine: spares are given out, replaced, owned and reaped. */
class DockerWarmPoolIT {

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
    void aSpareIsGivenToTheNextSessionOfTheSameShapeAndReplaced() throws Exception {
        var settings = SandboxTesting.settings().withWarmPoolSize(2);
        try (var provider = DockerSandboxProvider.create(engine, settings)) {
            var first = provider.create(spec("session-1"));
            // Counting containers is not enough: a spare is given out only once its runner is ready.
            waitUntil(() -> provider.readySpares() == 2, "two spares ready beside the first sandbox");

            var second = provider.create(spec("session-2").withTtl(Duration.ofMinutes(5)));
            var ran = second.run(Command.shell("echo $SANDBOX_GREETING; ls -A /workspace | wc -l"));

            assertThat(engine.client().inspectContainerCmd(second.id()).exec().getConfig().getLabels())
                    .as("a spare made ahead of time").containsEntry(DockerSandboxProvider.SESSION_LABEL, "pool");
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(second.spec().owner().session()).isEqualTo("session-2");
            assertThat(second.spec().ttl()).isEqualTo(Duration.ofMinutes(5));
            assertThat(ran.stdoutText()).isEqualTo("hi\n0\n");
            waitUntil(() -> provider.readySpares() == 2 && SandboxTesting.managedContainers(engine) == 4,
                    "the spare given out is replaced");

            var otherShape = provider.create(spec("session-3").withMemory(300L << 20));
            assertThat(otherShape.spec().memoryBytes()).isEqualTo(300L << 20);
            assertThat(engine.client().inspectContainerCmd(otherShape.id()).exec().getHostConfig().getMemory())
                    .as("a spec of another shape gets its own container, not a spare").isEqualTo(300L << 20);
        }
        SandboxTesting.assertNoManagedContainerIsLeft(engine);
    }

    @Test
    void aSpareGivenToASessionLivesByTheSessionsTimeToLiveNotThePools() throws Exception {
        var settings = SandboxTesting.settings().withWarmPoolSize(1).withReapInterval(Duration.ofMillis(500));
        try (var provider = DockerSandboxProvider.create(engine, settings)) {
            provider.create(spec("warms-the-pool")).close();
            waitUntil(() -> provider.readySpares() == 1, "one spare");

            var claimed = provider.create(spec("short-session").withTtl(Duration.ofSeconds(2)));
            long start = System.nanoTime();
            waitUntil(() -> claimed.status() == Sandbox.Status.CLOSED, "the claimed spare reaped");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    private static SandboxSpec spec(String session) {
        return SandboxSpec.of(SandboxTesting.image(), new SandboxSpec.Owner("ws-test", "proj-test", session))
                .withEnv(java.util.Map.of("SANDBOX_GREETING", "hi"));
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("waited 15 s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
