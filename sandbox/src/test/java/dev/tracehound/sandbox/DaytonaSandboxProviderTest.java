package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.sandbox.CommandResult.Ending;
import dev.tracehound.sandbox.SandboxException.Reason;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Daytona provider against {@link DaytonaStub}, a local server with Daytona's documented
 * request and response shapes. The real Daytona is not reachable here: this verifies the
 * contract as documented, not Daytona's behaviour.
 */
class DaytonaSandboxProviderTest {

    private static final SandboxSpec.Owner OWNER = new SandboxSpec.Owner("ws-1", "proj-1", "sess-1");

    private DaytonaStub stub;
    private DaytonaSandboxProvider provider;

    @BeforeEach
    void start() throws Exception {
        stub = new DaytonaStub();
        provider = provider(DaytonaStub.KEY, 2);
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
        assertThat(stub.sandboxes).as("sandboxes left on the stub after the test").isEmpty();
        stub.close();
    }

    private DaytonaSandboxProvider provider(String key, int maxRetries) {
        var settings = new DaytonaSettings(stub.baseUrl(), key, Optional.of("org-1"), Duration.ofSeconds(5),
                maxRetries);
        return DaytonaSandboxProvider.create(settings, Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMillis(10));
    }

    @Test
    void aSandboxIsCreatedFromTheSpecAndWaitedForUntilStarted() {
        var spec = new SandboxSpec("tracehound-sandbox:1", 1.5, 1536L << 20, 64, 300L << 20,
                SandboxSpec.Network.NONE, Map.of("LANG", "C.UTF-8"), OWNER, Duration.ofSeconds(90), null);

        try (Sandbox sandbox = provider.create(spec)) {
            assertThat(sandbox.id()).isEqualTo("sbx-1");
            assertThat(sandbox.status()).isEqualTo(Sandbox.Status.READY);
        }

        var create = stub.requests("POST /api/sandbox").getFirst();
        assertThat(create.header("Authorization")).isEqualTo("Bearer " + DaytonaStub.KEY);
        assertThat(create.header("X-Daytona-Organization-ID")).isEqualTo("org-1");
        assertThat(create.header("Content-Type")).isEqualTo("application/json");
        var body = create.json();
        assertThat(body.path("snapshot").asString()).isEqualTo("tracehound-sandbox:1");
        assertThat(body.path("cpu").asInt()).isEqualTo(2);
        assertThat(body.path("memory").asInt()).isEqualTo(2);
        assertThat(body.path("disk").asInt()).isEqualTo(1);
        assertThat(body.path("networkBlockAll").asBoolean()).isTrue();
        assertThat(body.path("autoStopInterval").asInt()).isEqualTo(2);
        assertThat(body.path("autoDeleteInterval").asInt()).isZero();
        assertThat(body.path("env").path("LANG").asString()).isEqualTo("C.UTF-8");
        assertThat(body.path("labels").path("dev.tracehound.managed").asString()).isEqualTo("true");
        assertThat(body.path("labels").path("dev.tracehound.session").asString()).isEqualTo("sess-1");
        assertThat(body.path("labels").path("dev.tracehound.workspace").asString()).isEqualTo("ws-1");
        assertThat(body.path("labels").path("dev.tracehound.project").asString()).isEqualTo("proj-1");
        // creating → starting → started: two polls before the sandbox is handed out, one for status()
        assertThat(stub.requests("GET /api/sandbox/sbx-1")).hasSize(3);
        assertThat(stub.requests("DELETE /api/sandbox/sbx-1")).hasSize(1);
    }

    @Test
    void aBridgeNetworkDoesNotBlockTheNetwork() {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER).withNetwork(SandboxSpec.Network.BRIDGE))) {
            assertThat(stub.requests("POST /api/sandbox").getFirst().json().path("networkBlockAll").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void commandsRunThroughTheToolboxWithTheirArgvCwdEnvAndStdin() throws Exception {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
            var result = sandbox.start(Command.shell("echo out; echo err >&2; exit 3"), chunks::add).await();

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.ending()).isEqualTo(Ending.EXITED);
            assertThat(result.stdoutText()).isEqualTo("out\nerr\n");
            assertThat(result.stderr()).isEmpty();
            assertThat(result.truncated()).isFalse();
            assertThat(chunks).singleElement().satisfies(chunk -> {
                assertThat(chunk.stream()).isEqualTo(OutputChunk.Stream.STDOUT);
                assertThat(new String(chunk.bytes(), StandardCharsets.UTF_8)).isEqualTo("out\nerr\n");
            });

            var execute = stub.requests("POST /api/toolbox/sbx-1/toolbox/process/execute").getFirst();
            assertThat(execute.header("Authorization")).isEqualTo("Bearer " + DaytonaStub.KEY);
            assertThat(execute.json().path("cwd").asString()).isEqualTo("/workspace");
            assertThat(execute.json().path("timeout").asInt()).isEqualTo(120);
            assertThat(DaytonaStub.parseCommand(execute.json().path("command").asString()))
                    .startsWith("/bin/sh", "-c").hasSize(3);

            String awkward = "it's \"quoted\" $HOME `date` \\ a  b\nline two";
            var echoed = sandbox.run(Command.argv("printf", "%s|%s", awkward, ""));
            assertThat(echoed.stdoutText()).isEqualTo(awkward + "|");

            Files.createDirectories(stub.workspace().resolve("sub"));
            var inSub = sandbox.run(Command.argv("sh", "-c", "basename \"$PWD\"; echo \"$GREETING\"; cat")
                    .in("/workspace/sub").withEnv(Map.of("GREETING", "hi 'there'"))
                    .withStdin("from stdin\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(inSub.stdoutText()).isEqualTo("sub\nhi 'there'\nfrom stdin\n");
            assertThat(stub.requests("POST /api/toolbox/sbx-1/toolbox/files/upload")).singleElement()
                    .satisfies(upload -> assertThat(upload.query()).startsWith("path=%2Ftmp%2F.tracehound-"));
        }
    }

    @Test
    void outputPastTheLimitIsCutWithTheMarker() throws Exception {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
            var result = sandbox.start(Command.shell("printf 0123456789").withOutputLimit(4), chunks::add).await();

            assertThat(result.truncated()).isTrue();
            assertThat(result.stdoutText()).isEqualTo("0123" + CommandResult.TRUNCATED);
            assertThat(chunks).singleElement()
                    .satisfies(chunk -> assertThat(chunk.bytes()).isEqualTo("0123".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aCommandPastItsTimeoutIsReportedTimedOut() throws Exception {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            var result = sandbox.run(Command.argv("sleep", "10").withTimeout(Duration.ofMillis(300)));

            assertThat(result.ending()).isEqualTo(Ending.TIMED_OUT);
            assertThat(result.exitCode()).isEqualTo(137);
            assertThat(result.stderrText()).contains("timed out after 1 seconds");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aSignalOrKillEndsARunningCommandThroughASecondExecute() throws Exception {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            var running = sandbox.start(Command.argv("sleep", "30"), chunk -> {});

            running.signal(15);
            var result = running.await(Duration.ofSeconds(5));

            assertThat(result.ending()).isEqualTo(Ending.KILLED);
            assertThat(result.exitCode()).isEqualTo(128 + 15);
            var executes = stub.requests("POST /api/toolbox/sbx-1/toolbox/process/execute");
            // The stub may record the command's own execute after the kill's, when it answers it.
            assertThat(executes).anySatisfy(execute -> assertThat(
                    DaytonaStub.parseCommand(execute.json().path("command").asString()).getLast())
                    .startsWith("kill -15 -$(cat '/tmp/.tracehound-"));
            assertThat(result.took()).isLessThan(Duration.ofSeconds(5));

            var killed = sandbox.start(Command.argv("sleep", "30"), chunk -> {});
            killed.kill();
            assertThat(killed.await(Duration.ofSeconds(5))).satisfies(end -> {
                assertThat(end.ending()).isEqualTo(Ending.KILLED);
                assertThat(end.exitCode()).isEqualTo(137);
            });
        }
    }

    @Test
    void filesAreWrittenReadAndListedUnderTheWorkspace() {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            sandbox.writeFile("/workspace/dir/a b.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
            sandbox.writeFile("/workspace/z.txt", "zz".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(sandbox.readFile("/workspace/dir/a b.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("hello\n");
            assertThat(sandbox.listFiles("/workspace")).containsExactly(
                    new FileEntry("/workspace/dir", 4096, true), new FileEntry("/workspace/z.txt", 2, false));

            var upload = stub.requests("POST /api/toolbox/sbx-1/toolbox/files/upload").getFirst();
            assertThat(upload.query()).isEqualTo("path=%2Fworkspace%2Fdir%2Fa%20b.txt");
            assertThat(upload.header("Content-Type")).startsWith("multipart/form-data; boundary=");
            assertThat(upload.header("Authorization")).isEqualTo("Bearer " + DaytonaStub.KEY);
            assertThat(stub.requests("GET /api/toolbox/sbx-1/toolbox/files/download").getFirst().query())
                    .isEqualTo("path=%2Fworkspace%2Fdir%2Fa%20b.txt");
            assertThat(stub.requests("GET /api/toolbox/sbx-1/toolbox/files").getFirst().query())
                    .isEqualTo("path=%2Fworkspace");

            assertThatThrownBy(() -> sandbox.readFile("/workspace/missing.txt"))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PATH))
                    .hasMessageContaining("/workspace/missing.txt does not exist");
        }
    }

    @Test
    void pathsOutsideTheWorkspaceAreRefusedWithoutAnyRequest() {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            int before = stub.requests.size();

            for (String path : List.of("/etc/passwd", "/workspace/../etc/passwd", "../etc/passwd", "/workspaces/a")) {
                assertThatThrownBy(() -> sandbox.writeFile(path, new byte[1]))
                        .isInstanceOfSatisfying(SandboxException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PATH));
                assertThatThrownBy(() -> sandbox.readFile(path)).isInstanceOf(SandboxException.class);
                assertThatThrownBy(() -> sandbox.listFiles(path)).isInstanceOf(SandboxException.class);
            }
            assertThatThrownBy(() -> sandbox.start(Command.argv("true").in("/etc"), chunk -> {}))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PATH));

            assertThat(stub.requests.size()).isEqualTo(before);
        }
    }

    @Test
    void aRefusedKeyIsAClearErrorThatNeverShowsTheKey() {
        try (var wrongKey = provider("dtn_wrong_key_secret", 2)) {
            assertThatThrownBy(() -> wrongKey.create(SandboxSpec.of("img", OWNER)))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageContaining("HTTP 401").hasMessageContaining("the API key was refused")
                    .hasMessageNotContaining("dtn_wrong_key_secret");
        }
        assertThat(stub.requests("POST /api/sandbox")).as("a 401 is not retried").hasSize(1);
    }

    @Test
    void aMissingSnapshotIsImageNotFound() {
        assertThatThrownBy(() -> provider.create(SandboxSpec.of("missing-image:1", OWNER)))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_NOT_FOUND))
                .hasMessageContaining("Snapshot missing-image:1 not found");
    }

    @Test
    void aSandboxRemovedUnderUsIsGone() throws Exception {
        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            stub.sandboxes.clear();

            assertThatThrownBy(() -> sandbox.run(Command.argv("true")))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.SANDBOX_GONE))
                    .hasMessageContaining("Sandbox with ID sbx-1 not found");
            assertThatThrownBy(() -> sandbox.readFile("/workspace/a"))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.SANDBOX_GONE));
            assertThat(sandbox.status()).isEqualTo(Sandbox.Status.CLOSED);
        }
    }

    @Test
    void aConflictIsRefusedWithTheServersMessage() {
        stub.answerNext("POST /api/sandbox", 1, 409,
                "{\"statusCode\":409,\"message\":\"Sandbox with name img already exists\",\"error\":\"Conflict\"}");

        assertThatThrownBy(() -> provider.create(SandboxSpec.of("img", OWNER)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .hasMessageContaining("HTTP 409").hasMessageContaining("Sandbox with name img already exists");
    }

    @Test
    void aSandboxThatFailsToStartIsRefusedAndDeleted() {
        stub.finalState = "error";

        assertThatThrownBy(() -> provider.create(SandboxSpec.of("img", OWNER)))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .hasMessageContaining("state error").hasMessageContaining("no runner available");
        assertThat(stub.requests("DELETE /api/sandbox/sbx-1")).hasSize(1);
    }

    @Test
    void unavailableTwiceThenSucceedsAfterRetries() {
        stub.answerNext("POST /api/sandbox", 2, 503, "{\"statusCode\":503,\"message\":\"Service Unavailable\"}");
        stub.answerNext("GET /api/sandbox/sbx-1", 1, 502, "Bad Gateway");
        stub.answerNext("GET /api/sandbox/sbx-1", 1, 429,
                "{\"statusCode\":429,\"message\":\"ThrottlerException: Too Many Requests\"}");

        try (Sandbox sandbox = provider.create(SandboxSpec.of("img", OWNER))) {
            assertThat(sandbox.id()).isEqualTo("sbx-1");
        }
        assertThat(stub.requests("POST /api/sandbox")).hasSize(3);
        assertThat(stub.requests("GET /api/sandbox/sbx-1")).hasSize(4);
    }

    @Test
    void alwaysUnavailableGivesUpAfterMaxRetriesNamingTheBaseUrl() {
        stub.answerAlways("POST /api/sandbox", 503, "{\"statusCode\":503,\"message\":\"Service Unavailable\"}");

        assertThatThrownBy(() -> provider.create(SandboxSpec.of("img", OWNER)))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageContaining(stub.baseUrl().toString()).hasMessageContaining("HTTP 503 after 3 tries")
                .hasMessageNotContaining(DaytonaStub.KEY);
        assertThat(stub.requests("POST /api/sandbox")).hasSize(3);
    }

    @Test
    void anUnreachableServerIsUnavailableAfterRetries() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var settings = new DaytonaSettings(URI.create("http://127.0.0.1:" + closedPort + "/api"), DaytonaStub.KEY,
                Optional.empty(), Duration.ofSeconds(2), 1);
        try (var nowhere = DaytonaSandboxProvider.create(settings, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofMillis(10))) {
            assertThatThrownBy(() -> nowhere.create(SandboxSpec.of("img", OWNER)))
                    .isInstanceOfSatisfying(SandboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                    .hasMessageContaining("http://127.0.0.1:" + closedPort + "/api could not be reached")
                    .hasMessageContaining("2 tries");
        }
    }

    @Test
    void closingTheProviderDeletesItsSandboxesAndClosingTwiceDoesNothing() {
        Sandbox first = provider.create(SandboxSpec.of("img", OWNER));
        Sandbox second = provider.create(SandboxSpec.of("img", OWNER));

        provider.close();
        first.close();

        assertThat(stub.sandboxes).isEmpty();
        assertThat(stub.requests("DELETE /api/sandbox/sbx-1")).hasSize(1);
        assertThat(stub.requests("DELETE /api/sandbox/sbx-2")).hasSize(1);
        assertThat(second.status()).isEqualTo(Sandbox.Status.CLOSED);
        assertThatThrownBy(() -> second.run(Command.argv("true")))
                .isInstanceOfSatisfying(SandboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SANDBOX_GONE));
    }

    @Test
    void badSettingsAreRejectedWithWhatToFix() {
        URI url = URI.create("https://app.daytona.io/api");
        Duration timeout = Duration.ofSeconds(30);

        assertThatThrownBy(() -> new DaytonaSettings(URI.create("ftp://x/api"), "k", Optional.empty(), timeout, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> new DaytonaSettings(url, " ", Optional.empty(), timeout, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey is blank");
        assertThatThrownBy(() -> new DaytonaSettings(url, "k", Optional.empty(), Duration.ZERO, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> new DaytonaSettings(url, "k", Optional.empty(), timeout, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries");
        assertThat(new DaytonaSettings(URI.create("https://app.daytona.io/api/"), "secret-key", Optional.of(" "),
                timeout, 3)).satisfies(settings -> {
                    assertThat(settings.baseUrl()).isEqualTo(url);
                    assertThat(settings.organizationId()).isEmpty();
                    assertThat(settings.toString()).doesNotContain("secret-key");
                });
    }

    @Test
    void quotingSurvivesBothTheDaemonSplitterAndTheShell() {
        String value = "a 'b' \"c\" $d";
        assertThat(DaytonaStub.parseCommand("x " + DaytonaSandbox.quote(value))).containsExactly("x", value);
    }
}
