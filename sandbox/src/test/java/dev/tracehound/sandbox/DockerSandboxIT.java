package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commands, files and isolation in one sandbox on the real Docker engine. */
class DockerSandboxIT {

    private static DockerEngine engine;
    private static DockerSandboxProvider provider;
    private static Sandbox sandbox;

    @BeforeAll
    static void createSandbox() {
        engine = SandboxTesting.engine();
        provider = DockerSandboxProvider.create(engine, SandboxTesting.settings());
        sandbox = provider.create(SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER)
                .withMemory(256L << 20).withEnv(Map.of("SANDBOX_GREETING", "hello")));
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

    @Test
    void runsAnArgvAndAShellScriptWithTheirExitCodesAndBothStreams() throws Exception {
        var echo = sandbox.run(Command.argv("echo", "one two"));
        var script = sandbox.run(Command.shell("echo out; echo err >&2; exit 3"));

        assertThat(echo.exitCode()).isZero();
        assertThat(echo.ending()).isEqualTo(CommandResult.Ending.EXITED);
        assertThat(echo.stdoutText()).isEqualTo("one two\n");
        assertThat(script.exitCode()).isEqualTo(3);
        assertThat(script.ending()).isEqualTo(CommandResult.Ending.EXITED);
        assertThat(script.stdoutText()).isEqualTo("out\n");
        assertThat(script.stderrText()).isEqualTo("err\n");
        assertThat(script.truncated()).isFalse();
    }

    @Test
    void commandsSeeTheEnvironmentTheDirectoryAndTheInputTheyAreGiven() throws Exception {
        sandbox.run(Command.argv("mkdir", "-p", "/workspace/sub"));

        var env = sandbox.run(Command.shell("echo $SANDBOX_GREETING $OWN").withEnv(Map.of("OWN", "mine")));
        var defaultCwd = sandbox.run(Command.argv("pwd"));
        var cwd = sandbox.run(Command.argv("pwd").in("/workspace/sub"));
        var stdin = sandbox.run(Command.argv("wc", "-c").withStdin("twelve bytes".getBytes(StandardCharsets.UTF_8)));
        var upper = sandbox.run(Command.argv("tr", "a-z", "A-Z").withStdin("abc\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(env.stdoutText()).isEqualTo("hello mine\n");
        assertThat(defaultCwd.stdoutText()).isEqualTo("/workspace\n");
        assertThat(cwd.stdoutText()).isEqualTo("/workspace/sub\n");
        assertThat(stdin.stdoutText().strip()).isEqualTo("12");
        assertThat(upper.stdoutText()).isEqualTo("ABC\n");
    }

    @Test
    void outputIsPassedOnChunkByChunkWhileTheCommandRuns() throws Exception {
        var chunks = new CopyOnWriteArrayList<String>();
        var firstChunkAt = new long[1];
        long start = System.nanoTime();
        var running = sandbox.start(Command.shell("for i in 1 2 3; do echo line$i; sleep 0.3; done"), chunk -> {
            if (chunks.isEmpty()) {
                firstChunkAt[0] = System.nanoTime() - start;
            }
            chunks.add(chunk.stream() + ":" + new String(chunk.bytes(), StandardCharsets.UTF_8));
        });
        var result = running.await();

        assertThat(String.join("", chunks)).isEqualTo("STDOUT:line1\nSTDOUT:line2\nSTDOUT:line3\n");
        assertThat(Duration.ofNanos(firstChunkAt[0])).isLessThan(result.took().minusMillis(400));
        assertThat(result.stdoutText()).isEqualTo("line1\nline2\nline3\n");
    }

    @Test
    void outputPastTheLimitIsDroppedAndMarked() throws Exception {
        var streamed = new CopyOnWriteArrayList<Integer>();
        var result = sandbox.start(Command.shell("head -c 100000 /dev/zero | tr '\\0' a; echo small >&2")
                .withOutputLimit(100), chunk -> streamed.add(chunk.bytes().length)).await();

        assertThat(result.truncated()).isTrue();
        assertThat(result.stdoutText()).isEqualTo("a".repeat(100) + CommandResult.TRUNCATED);
        assertThat(result.stderrText()).isEqualTo("small\n");
        assertThat(streamed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100 + "small\n".length());
    }

    @Test
    void commandsSeeNeitherTheRunnersSourceNorALongProcessListing() throws Exception {
        var env = sandbox.run(Command.argv("env"));
        var ps = sandbox.run(Command.argv("ps", "-eo", "args"));

        assertThat(env.stdoutText()).doesNotContain(CommandRunner.SOURCE_VARIABLE);
        assertThat(ps.stdoutText()).contains("python3").doesNotContain("command runner");
        assertThat(ps.stdoutText().length()).isLessThan(500);
    }

    @Test
    void aTimeoutKillsTheWholeProcessGroup() throws Exception {
        var result = sandbox.run(Command.shell("sleep 1000 & sleep 1001").withTimeout(Duration.ofSeconds(1)));
        var ps = sandbox.run(Command.argv("ps", "-eo", "args"));

        assertThat(result.ending()).isEqualTo(CommandResult.Ending.TIMED_OUT);
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.took()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(ps.stdoutText()).doesNotContain("sleep 1000", "sleep 1001").contains("python3");
    }

    @Test
    void killAndSignalFromAnotherThreadEndTheCommandAsKilled() throws Exception {
        var toKill = sandbox.start(Command.argv("sleep", "30"), chunk -> {});
        var toTerminate = sandbox.start(Command.shell("sleep 30 & sleep 31"), chunk -> {});
        Thread.ofVirtual().start(() -> {
            sleep(300);
            toKill.kill();
            toTerminate.signal(15);
        });

        var killed = toKill.await(Duration.ofSeconds(10));
        var terminated = toTerminate.await(Duration.ofSeconds(10));
        var ps = sandbox.run(Command.argv("ps", "-eo", "args"));

        assertThat(killed.ending()).isEqualTo(CommandResult.Ending.KILLED);
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(terminated.ending()).isEqualTo(CommandResult.Ending.KILLED);
        assertThat(terminated.exitCode()).isEqualTo(143);
        assertThat(ps.stdoutText()).doesNotContain("sleep 30", "sleep 31");
    }

    @Test
    void commandsRunConcurrentlyInOneSandbox() throws Exception {
        long start = System.nanoTime();
        var running = new ArrayList<RunningCommand>();
        for (int i = 0; i < 4; i++) {
            running.add(sandbox.start(Command.shell("sleep 1; echo " + i), chunk -> {}));
        }
        var outputs = new ArrayList<String>();
        for (RunningCommand command : running) {
            outputs.add(command.await().stdoutText());
        }

        assertThat(outputs).containsExactly("0\n", "1\n", "2\n", "3\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void goingOverTheMemoryLimitIsReportedAsOutOfMemoryAndTheSandboxLives() throws Exception {
        var result = sandbox.run(Command.argv("python3", "-c", "b = bytearray(600 * 1024 * 1024)"));
        var after = sandbox.run(Command.argv("echo", "still here"));

        assertThat(result.ending()).isEqualTo(CommandResult.Ending.OUT_OF_MEMORY);
        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(after.stdoutText()).isEqualTo("still here\n");
        assertThat(sandbox.status()).isEqualTo(Sandbox.Status.READY);
    }

    @Test
    void initReapsOrphansSoNoZombiesPileUp() throws Exception {
        var spawn = sandbox.run(Command.shell("for i in $(seq 30); do sh -c 'sleep 0.1 & exec true'; done; sleep 0.5"));
        var states = sandbox.run(Command.argv("ps", "-eo", "stat="));

        assertThat(spawn.exitCode()).isZero();
        assertThat(states.stdoutText().lines().filter(stat -> stat.startsWith("Z")).toList()).isEmpty();
    }

    @Test
    void commandsRunAsUid1000OnAReadOnlyRootWithoutNetwork() throws Exception {
        var uid = sandbox.run(Command.argv("id", "-u"));
        var etc = sandbox.run(Command.argv("touch", "/etc/x"));
        var usr = sandbox.run(Command.argv("touch", "/usr/x"));
        var workspace = sandbox.run(Command.argv("touch", "/workspace/x", "/tmp/x"));
        var interfaces = sandbox.run(Command.argv("ls", "/sys/class/net"));
        var connect = sandbox.run(Command.argv("python3", "-c",
                "import socket; s = socket.socket(); s.settimeout(3); s.connect(('1.1.1.1', 53))"));

        assertThat(uid.stdoutText()).isEqualTo("1000\n");
        assertThat(etc.exitCode()).isNotZero();
        assertThat(etc.stderrText()).contains("Read-only file system");
        assertThat(usr.exitCode()).isNotZero();
        assertThat(workspace.exitCode()).isZero();
        assertThat(interfaces.stdoutText()).isEqualTo("lo\n");
        assertThat(connect.exitCode()).isEqualTo(1);
        assertThat(connect.stderrText()).contains("Network is unreachable");
        assertThat(connect.took()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void filesRoundTripUnderTheWorkspaceIncludingBinaryContentAndNestedDirectories() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        sandbox.writeFile("/workspace/files/nested/deep/all-bytes.bin", binary);
        sandbox.writeFile("/workspace/files/notes.txt", "first".getBytes(StandardCharsets.UTF_8));
        sandbox.writeFile("files/notes.txt", "replaced".getBytes(StandardCharsets.UTF_8));

        assertThat(sandbox.readFile("/workspace/files/nested/deep/all-bytes.bin")).isEqualTo(binary);
        assertThat(sandbox.readFile("/workspace/files/notes.txt")).asString().isEqualTo("replaced");
        assertThat(sandbox.listFiles("/workspace/files")).containsExactly(
                new FileEntry("/workspace/files/nested", 0, true),
                new FileEntry("/workspace/files/notes.txt", 8, false));
        assertThat(sandbox.listFiles("/workspace/files/nested/deep")).containsExactly(
                new FileEntry("/workspace/files/nested/deep/all-bytes.bin", 256, false));
    }

    @Test
    void pathsOutsideTheWorkspaceAndMissingFilesAreBadPaths() {
        for (String path : List.of("../etc/passwd", "/etc/passwd", "/workspace/../etc/passwd", "/tmp/x")) {
            assertThatThrownBy(() -> sandbox.readFile(path)).as(path)
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.BAD_PATH))
                    .hasMessageContaining("outside /workspace");
        }
        assertThatThrownBy(() -> sandbox.writeFile("/etc/passwd", new byte[1]))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.BAD_PATH));
        assertThatThrownBy(() -> sandbox.readFile("/workspace/no-such-file"))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(SandboxException.Reason.BAD_PATH))
                .hasMessageContaining("No such file");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
