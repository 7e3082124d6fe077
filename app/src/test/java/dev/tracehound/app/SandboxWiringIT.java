package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.sandbox.Command;
import dev.tracehound.sandbox.DockerEngine;
import dev.tracehound.sandbox.Sandbox;
import dev.tracehound.sandbox.SandboxProvider;
import dev.tracehound.sandbox.SandboxSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The application's sandbox provider runs commands on the real engine and closes its sandboxes when it stops. */
class SandboxWiringIT {

    @Test
    void theServiceMakesSandboxesAndRemovesThemWhenItStops() throws Exception {
        String session = "wiring-" + System.nanoTime();
        var app = RunningApp.start(Map.of("tracehound.sandbox.instance-id", "wiring-it"));
        Sandbox sandbox;
        try {
            SandboxProvider provider = app.bean(SandboxProvider.class);
            assertThat(provider.name()).isEqualTo("docker");
            sandbox = provider.create(SandboxSpec.of(app.bean(DockerProperties.class).sandboxImage(),
                    new SandboxSpec.Owner("acme", "shop", session)));
            var result = sandbox.run(Command.shell("echo hello from $(id -u)"));
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdoutText()).isEqualTo("hello from 1000\n");
        } finally {
            app.close();
        }
        assertThat(sandbox.status()).isEqualTo(Sandbox.Status.CLOSED);
        try (var engine = DockerEngine.connect(RealParts.dockerHost())) {
            assertThat(engine.containersLabelled("dev.tracehound.session", session)).isEmpty();
        }
    }
}
