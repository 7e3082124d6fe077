package dev.tracehound.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The Docker engine that runs sandboxes, reached at a {@code DOCKER_HOST} address
 * ({@code unix:///path/docker.sock} or {@code tcp://host:port}). Blocking: call it from
 * virtual threads.
 */
public final class DockerEngine implements AutoCloseable {

    /** Marks everything we create, so a reaper can find it and leave the rest alone. */
    static final String MANAGED_LABEL = "dev.tracehound.managed";

    private final String dockerHost;
    private final DockerClient client;
    private final DockerClient streams;

    private DockerEngine(String dockerHost, DockerClient client, DockerClient streams) {
        this.dockerHost = dockerHost;
        this.client = client;
        this.streams = streams;
    }

    public static DockerEngine connect(String dockerHost) {
        if (dockerHost == null || !(dockerHost.startsWith("unix://") || dockerHost.startsWith("tcp://"))) {
            throw new IllegalArgumentException(
                    "DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port, was " + dockerHost);
        }
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .withDockerTlsVerify(false)
                .build();
        return new DockerEngine(dockerHost, client(config, Duration.ofSeconds(60), 50),
                client(config, Duration.ZERO, 100_000));
    }

    private static DockerClient client(DockerClientConfig config, Duration responseTimeout, int maxConnections) {
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(responseTimeout)
                .maxConnections(maxConnections)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    String dockerHost() {
        return dockerHost;
    }

    /** Whether the engine answers, and with which version; never throws. */
    public EngineStatus status() {
        try {
            client.pingCmd().exec();
            var version = client.versionCmd().exec();
            return EngineStatus.up(dockerHost, version.getVersion(), version.getApiVersion());
        } catch (RuntimeException e) {
            return EngineStatus.down(dockerHost, reason(e));
        }
    }

    public boolean hasImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Ids of the containers, running or not, carrying this label with this value. */
    public java.util.List<String> containersLabelled(String label, String value) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of(label, value)).exec()
                .stream().map(com.github.dockerjava.api.model.Container::getId).toList();
    }

    /** The docker-java client, for the providers in this module. */
    DockerClient client() {
        return client;
    }

    /**
     * A client for connections that stay open as long as a sandbox lives (its command runner's):
     * one each, never timed out while idle, kept apart so they never take the pool of {@link #client()}.
     */
    DockerClient streams() {
        return streams;
    }

    private String reason(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "Docker engine at DOCKER_HOST=" + dockerHost + " is unreachable: " + detail;
    }

    @Override
    public void close() {
        try (streams) {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record EngineStatus(String dockerHost, boolean reachable, String version, String apiVersion, String reason) {
        static EngineStatus up(String dockerHost, String version, String apiVersion) {
            return new EngineStatus(dockerHost, true, version, apiVersion, "");
        }

        static EngineStatus down(String dockerHost, String reason) {
            return new EngineStatus(dockerHost, false, "", "", reason);
        }
    }
}
