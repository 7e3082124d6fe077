package dev.tracehound.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox allowed a network, on a bridge network this test creates (the dev engine runs
 * without Docker's default bridge): it gets an interface and reaches a server on the host,
 * while a sandbox without network beside it cannot.
 */
class DockerSandboxNetworkIT {

    private static DockerEngine engine;
    private static String network;
    private static DockerSandboxProvider provider;

    @BeforeAll
    static void createNetwork() {
        engine = SandboxTesting.engine();
        network = "th-test-" + UUID.randomUUID().toString().substring(0, 8);
        engine.client().createNetworkCmd().withName(network).withDriver("bridge").exec();
        provider = DockerSandboxProvider.create(engine, SandboxTesting.settings().withBridgeNetwork(network));
    }

    @AfterAll
    static void removeEverything() {
        try {
            provider.close();
            engine.client().removeNetworkCmd(network).exec();
            SandboxTesting.assertNoManagedContainerIsLeft(engine);
        } finally {
            engine.close();
        }
    }

    @Test
    void aSandboxOnTheBridgeReachesTheHostAndOneWithoutNetworkDoesNot() throws Exception {
        String gateway = engine.client().inspectNetworkCmd().withNetworkId(network).exec().getIpam().getConfig()
                .getFirst().getGateway();
        try (var server = new ServerSocket(0, 5, InetAddress.getByName("0.0.0.0"));
                var bridged = provider.create(SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER)
                        .withNetwork(SandboxSpec.Network.BRIDGE));
                var isolated = provider.create(SandboxSpec.of(SandboxTesting.image(), SandboxTesting.OWNER))) {
            Thread.ofVirtual().start(() -> {
                try (var client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("hello from the host\n".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    // the test's assertions say what went wrong
                }
            });
            String connect = "import socket,sys; s=socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3);"
                    + " print(s.makefile().readline().strip())";

            var fromBridge = bridged.run(Command.argv("python3", "-c", connect, gateway,
                    String.valueOf(server.getLocalPort())));
            var fromIsolated = isolated.run(Command.argv("python3", "-c", connect, gateway,
                    String.valueOf(server.getLocalPort())));
            var interfaces = bridged.run(Command.argv("cat", "/proc/net/dev"));

            assertThat(fromBridge.stdoutText()).as(fromBridge.stderrText()).isEqualTo("hello from the host\n");
            assertThat(interfaces.stdoutText()).contains("eth0");
            assertThat(fromIsolated.exitCode()).isNotZero();
            assertThat(fromIsolated.stderrText()).contains("unreachable");
        }
    }
}
