package dev.tracehound.app;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the agent's sandboxes run.
 *
 * @param provider     {@code docker} (the engine at {@code tracehound.docker.host}) or {@code daytona}
 * @param reapInterval how often sandboxes past their time to live are removed (Docker)
 * @param warmPoolSize spare sandboxes kept ready for the specs asked recently (Docker; 0-32, 0: none)
 * @param bridgeNetwork the Docker network that sandboxes allowed a network join
 * @param instanceId   this instance's name on its containers; at start-up, containers left by an
 *                     earlier run with the same name are removed. The host name when blank.
 */
@ConfigurationProperties("tracehound.sandbox")
record SandboxProperties(
        @DefaultValue("docker") String provider,
        @DefaultValue("15s") Duration reapInterval,
        @DefaultValue("0") int warmPoolSize,
        @DefaultValue("bridge") String bridgeNetwork,
        String instanceId,
        Daytona daytona) {

    /** Daytona's API: base URL (e.g. https://app.daytona.io/api), API key, optional organization. */
    record Daytona(URI baseUrl, String apiKey, String organizationId) {}
}
