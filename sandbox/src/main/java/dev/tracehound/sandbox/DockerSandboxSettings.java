package dev.tracehound.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the Docker provider runs.
 *
 * @param reapInterval how often expired sandboxes are looked for and removed
 * @param warmPoolSize spare sandboxes kept ready for each recently asked shape of spec (0-32; 0: none).
 *                     A spare's container labels name the pool, not the session it is later given to.
 * @param instanceId   which app instance owns the sandboxes it creates, stable across restarts
 *                     (a label on every container; see {@link DockerSandboxProvider} for the orphan rule)
 * @param bridgeNetwork the Docker network a sandbox with network {@code BRIDGE} joins ({@code bridge},
 *                     Docker's default, unless the engine runs without it)
 */
public record DockerSandboxSettings(Duration reapInterval, int warmPoolSize, String instanceId,
        String bridgeNetwork) {

    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public DockerSandboxSettings {
        if (reapInterval == null || reapInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("reapInterval must be at least 100 ms, was " + reapInterval);
        }
        if (warmPoolSize < 0 || warmPoolSize > 32) {
            throw new IllegalArgumentException("warmPoolSize must be 0-32, was " + warmPoolSize);
        }
        if (bridgeNetwork == null || bridgeNetwork.isBlank()) {
            throw new IllegalArgumentException("bridgeNetwork must name a Docker network, e.g. bridge");
        }
        if (instanceId == null || !LABEL_VALUE.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("instanceId must be 1-63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, was '" + instanceId + "'");
        }
    }

    /** Reaps every 15 s, no warm pool, this host's name as the instance id, Docker's bridge network. */
    public static DockerSandboxSettings defaults() {
        return new DockerSandboxSettings(Duration.ofSeconds(15), 0, hostName(), "bridge");
    }

    DockerSandboxSettings withReapInterval(Duration value) {
        return new DockerSandboxSettings(value, warmPoolSize, instanceId, bridgeNetwork);
    }

    DockerSandboxSettings withWarmPoolSize(int value) {
        return new DockerSandboxSettings(reapInterval, value, instanceId, bridgeNetwork);
    }

    public DockerSandboxSettings withInstanceId(String value) {
        return new DockerSandboxSettings(reapInterval, warmPoolSize, value, bridgeNetwork);
    }

    public DockerSandboxSettings withBridgeNetwork(String value) {
        return new DockerSandboxSettings(reapInterval, warmPoolSize, instanceId, value);
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
            return LABEL_VALUE.matcher(name).matches() ? name : "tracehound";
        } catch (UnknownHostException e) {
            return "tracehound";
        }
    }
}
