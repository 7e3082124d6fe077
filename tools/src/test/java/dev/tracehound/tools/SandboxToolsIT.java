package dev.tracehound.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.DockerEngine;
import dev.tracehound.sandbox.DockerSandboxProvider;
import dev.tracehound.sandbox.DockerSandboxSettings;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git and shell in a real Docker sandbox (the engine and image of the dev setup). */
class SandboxToolsIT {

    private static final String INSTANCE = "tools-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String URL = "https://git.example.com/shop/payments.git";

    @TempDir
    static Path hostDir;

    private static DockerEngine engine;
    private static DockerSandboxProvider provider;
    private static Sandbox sandbox;
    private static final AtomicInteger created = new AtomicInteger();
    private static Path repository;
    private static ToolContext context;
    private static Tools tools;

    @BeforeAll
    static void start() throws Exception {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("DOCKER_HOST is not set: load .dev/docker.env or run ./dev test");
        }
        engine = DockerEngine.connect(host);
        provider = DockerSandboxProvider.create(engine, DockerSandboxSettings.defaults().withInstanceId(INSTANCE));
        repository = hostRepository(hostDir.resolve("payments"));
        context = new ToolContext("proj-tools", SandboxToolsIT::sandbox, new GitSources(List.of(repository),
                List.of(URL)));
        tools = sandboxTools(Tools.Settings.defaults().withContentLimit(2_000).withMaxShellTimeout(Duration.ofSeconds(60)));
    }

    /** The tools {@link Tools#standard} adds beside the analytics tools. */
    private static Tools sandboxTools(Tools.Settings settings) {
        return new Tools(List.of(new GitTool(), new ShellTool(settings.maxShellTimeout(), settings.shellAlwaysNeedsApproval())),
                settings);
    }

    /** The session's sandbox, made on first use as the agent runtime will. */
    private static String image() {
        return System.getenv().getOrDefault("TRACEHOUND_SANDBOX_IMAGE", "tracehound-sandbox:latest");
    }

    private static synchronized Sandbox sandbox() {
        if (sandbox == null) {
            sandbox = provider.create(SandboxSpec.of(image(), new SandboxSpec.Owner("ws-test", "proj-tools", "s-tools"))
                    .withTtl(Duration.ofMinutes(10)));
            created.incrementAndGet();
        }
        return sandbox;
    }

    @AfterAll
    static void stop() {
        try {
            if (sandbox != null) {
                sandbox.close();
            }
            provider.close();
            assertThat(engine.containersLabelled("dev.tracehound.instance", INSTANCE)).as("containers left").isEmpty();
            assertThat(created).as("one sandbox for the session, made lazily").hasValue(1);
        } finally {
            engine.close();
        }
    }

    @Test
    void shellRunsABashCommandInTheWorkspace() throws Exception {
        ToolResult result = tools.run("shell", "{\"command\": \"pwd; echo oops >&2; exit 3\"}", context);

        assertThat(result.error()).isFalse();
        assertThat(result.data().get("exit_code").asInt()).isEqualTo(3);
        assertThat(result.data().get("ending").asString()).isEqualTo("exited");
        assertThat(result.data().get("stdout").asString()).isEqualTo("/workspace\n");
        assertThat(result.data().get("stderr").asString()).isEqualTo("oops\n");
        assertThat(result.content()).startsWith("exit code 3").contains("--- stdout ---\n/workspace")
                .contains("--- stderr ---\noops");
    }

    @Test
    void aShellCommandPastItsTimeoutIsKilledAndReportedAsAnError() throws Exception {
        long start = System.nanoTime();
        ToolResult result = tools.run("shell", "{\"command\": \"echo started; sleep 20\", \"timeout_seconds\": 1}",
                context);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.error()).isTrue();
        assertThat(result.data().get("ending").asString()).isEqualTo("timed_out");
        assertThat(result.content()).contains("passed its timeout of 1 s").contains("started");
    }

    @Test
    void cancellingTheRunKillsTheCommandQuickly() throws Exception {
        var thrown = new AtomicReference<Throwable>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                tools.run("shell", "{\"command\": \"sleep 30\", \"timeout_seconds\": 60}", context);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        waitUntilRunning("sleep 30");

        long start = System.nanoTime();
        caller.interrupt();

        assertThat(caller.join(Duration.ofSeconds(10))).as("the run ended").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(sandbox().run(Command.argv("pgrep", "-f", "sleep 30")).exitCode())
                .as("no sleep left in the sandbox").isEqualTo(1);
    }

    @Test
    void outputOverTheCapIsCutWithANote() throws Exception {
        ToolResult result = tools.run("shell", "{\"command\": \"seq 1 100000\"}", context);

        assertThat(result.error()).isFalse();
        assertThat(result.truncated()).isTrue();
        assertThat(result.content()).hasSizeLessThanOrEqualTo(2_000).startsWith("exit code 0")
                .contains("[cut: showing").contains("pipe through head");
    }

    @Test
    void networkNeedsApprovalAndFailsClearlyWithoutIt() throws Exception {
        assertThat(tools.needsApproval("shell", "{\"command\": \"curl example.com\", \"network\": true}")).isTrue();
        assertThat(tools.needsApproval("shell", "{\"command\": \"ls\"}")).isFalse();
        Tools strict = sandboxTools(Tools.Settings.defaults().withShellAlwaysNeedingApproval(true));
        assertThat(strict.needsApproval("shell", "{\"command\": \"ls\"}")).isTrue();

        ToolResult result = tools.run("shell", "{\"command\": \"true\", \"network\": true}", context);

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("sandbox has no network");
    }

    @Test
    void anApprovedNetworkCommandRunsInTheSessionsNetworkedSandbox() throws Exception {
        // The network ./dev made for networked sandboxes (its dockerd has no default bridge).
        String network = System.getenv().getOrDefault("TRACEHOUND_SANDBOX_BRIDGE_NETWORK", "bridge");
        var networkedProvider = DockerSandboxProvider.create(engine,
                DockerSandboxSettings.defaults().withInstanceId(INSTANCE).withBridgeNetwork(network));
        var networked = new java.util.concurrent.atomic.AtomicReference<Sandbox>();
        try {
            var withNetwork = new ToolContext("proj-tools", SandboxToolsIT::sandbox, () -> networked.updateAndGet(
                    current -> current != null ? current : networkedProvider.create(SandboxSpec.of(image(),
                            new SandboxSpec.Owner("ws-test", "proj-tools", "s-tools-net"))
                            .withNetwork(SandboxSpec.Network.BRIDGE).withTtl(Duration.ofMinutes(5)))),
                    GitSources.NONE);

            ToolResult online = tools.run("shell", "{\"command\": \"ls /sys/class/net\", \"network\": true}",
                    withNetwork);
            ToolResult offline = tools.run("shell", "{\"command\": \"ls /sys/class/net\"}", withNetwork);

            assertThat(online.error()).as(online.content()).isFalse();
            assertThat(online.content()).contains("eth0");
            assertThat(offline.content()).contains("lo").doesNotContain("eth0");
            assertThat(networked.get().spec().network()).isEqualTo(SandboxSpec.Network.BRIDGE);
        } finally {
            networkedProvider.close();
        }
    }

    @Test
    void gitClonesAConfiguredHostRepositoryAsABundleAndReadsItsHistory() throws Exception {
        ToolResult clone = tools.run("git", "{\"op\": \"clone\", \"source\": \"" + repository + "\", \"name\": \"payments\"}",
                context);
        assertThat(clone.error()).as(clone.content()).isFalse();
        assertThat(clone.content()).contains("into /workspace/payments").contains("switch charges to stripe_v3");

        ToolResult log = tools.run("git", "{\"op\": \"log\"}", context);
        assertThat(log.error()).as(log.content()).isFalse();
        assertThat(log.data().get("commits")).extracting(c -> c.get("subject").asString())
                .containsExactly("switch charges to stripe_v3", "charge through stripe_v2");
        assertThat(log.data().get("commits").get(0).get("author").asString()).isEqualTo("Dev One");
        assertThat(log.references()).extracting(ToolReference::kind).containsOnly("commit");
        String newest = log.data().get("commits").get(0).get("commit").asString();
        assertThat(newest).hasSize(40);

        ToolResult show = tools.run("git", "{\"op\": \"show\", \"repo\": \"payments\", \"ref\": \"" + newest + "\"}", context);
        assertThat(show.content()).contains("-PROVIDER = \"stripe_v2\"").contains("+PROVIDER = \"stripe_v3\"");

        ToolResult diff = tools.run("git", "{\"op\": \"diff\", \"base\": \"HEAD~1\", \"ref\": \"HEAD\", \"path\": \"pay.py\"}",
                context);
        assertThat(diff.content()).contains("+PROVIDER = \"stripe_v3\"");

        ToolResult blame = tools.run("git", "{\"op\": \"blame\", \"path\": \"pay.py\", \"start_line\": 1, \"end_line\": 1}",
                context);
        assertThat(blame.error()).as(blame.content()).isFalse();
        assertThat(blame.content()).contains("Dev One").contains("stripe_v3").doesNotContain("def charge");

        ToolResult grep = tools.run("git", "{\"op\": \"grep\", \"pattern\": \"stripe_v[0-9]\"}", context);
        assertThat(grep.content()).contains("pay.py:1:PROVIDER = \"stripe_v3\"");
        ToolResult none = tools.run("git", "{\"op\": \"grep\", \"pattern\": \"nothing_like_this\"}", context);
        assertThat(none.error()).isFalse();
        assertThat(none.content()).isEqualTo("no matches");

        ToolResult again = tools.run("git", "{\"op\": \"clone\", \"source\": \"" + repository + "\", \"name\": \"payments\"}",
                context);
        assertThat(again.error()).isTrue();
        assertThat(again.content()).contains("already exists");
        ToolResult badRef = tools.run("git", "{\"op\": \"show\", \"ref\": \"no-such-branch\"}", context);
        assertThat(badRef.error()).isTrue();
        assertThat(badRef.content()).contains("git show in /workspace/payments failed");
    }

    @Test
    void gitRefusesSourcesTheProjectDidNotConfigureAndUrlsWithoutNetwork() throws Exception {
        ToolResult other = tools.run("git", "{\"op\": \"clone\", \"source\": \"/etc\"}", context);
        assertThat(other.error()).isTrue();
        assertThat(other.content()).contains("'/etc' is not a repository this project allows")
                .contains(repository.toString()).contains(URL);

        ToolResult url = tools.run("git", "{\"op\": \"clone\", \"source\": \"https://GIT.example.com/shop/payments\"}",
                context);
        assertThat(url.error()).isTrue();
        assertThat(url.content()).contains("needs the network").contains("has none");

        ToolResult injected = tools.run("git", "{\"op\": \"log\", \"ref\": \"--output=/tmp/x\"}", context);
        assertThat(injected.error()).isTrue();
        assertThat(injected.content()).contains("'ref'");
    }

    private static void waitUntilRunning(String command) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (sandbox != null && sandbox.run(Command.argv("pgrep", "-f", command)).exitCode() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(command + " never started in the sandbox");
    }

    private static Path hostRepository(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        git(dir, "init", "--quiet", "--initial-branch=main");
        Files.writeString(dir.resolve("pay.py"), "PROVIDER = \"stripe_v2\"\n\ndef charge(amount):\n    return PROVIDER\n");
        git(dir, "add", "pay.py");
        git(dir, "commit", "--quiet", "-m", "charge through stripe_v2");
        Files.writeString(dir.resolve("pay.py"), "PROVIDER = \"stripe_v3\"\n\ndef charge(amount):\n    return PROVIDER\n");
        git(dir, "commit", "--quiet", "-am", "switch charges to stripe_v3");
        return dir;
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Dev One",
                "-c", "user.email=dev@example.com", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + output);
        }
    }
}
