package dev.tracehound.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The development OIDC provider (module dev-idp) in a JVM of its own, as {@code ./dev up} runs it.
 * Not in the benchmark's JVM: it is a servlet application on Tomcat, and Tomcat on the class path
 * would change the server the service starts on.
 */
final class DevProvider implements AutoCloseable {

    /** The provider's one client, the service; the secret is none (see dev-idp's DevIdentityProvider). */
    static final String CLIENT_ID = "tracehound";
    static final String CLIENT_SECRET = "tracehound-local-only";

    private final Process process;
    private final URI issuer;
    private final Path log;

    private DevProvider(Process process, URI issuer, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.log = log;
    }

    /** Starts the provider on {@code port}, with the service's login callback as its client's redirect URI. */
    static DevProvider start(int port, URI redirectUri) throws IOException {
        Path built;
        try (Stream<Path> jars = Files.list(Path.of("dev-idp/target"))) {
            built = jars.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(DevProvider::notBuilt);
        } catch (java.nio.file.NoSuchFileException e) {
            throw notBuilt();
        }
        Files.createDirectories(Path.of(".dev"));
        Path jar = Files.copy(built, Path.of(".dev/bench-dev-idp.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path log = Path.of(".dev/bench-dev-idp.log");
        URI issuer = URI.create("http://localhost:" + port);
        var process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--server.port=" + port, "--dev-idp.issuer=" + issuer,
                "--dev-idp.redirect-uri=" + redirectUri))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DevProvider(process, issuer, log);
    }

    private static IllegalStateException notBuilt() {
        return new IllegalStateException("dev-idp/target/dev-idp-*-exec.jar is missing: run this with ./dev bench auth, "
                + "which builds it (or ./mvnw -DskipTests package -pl dev-idp)");
    }

    URI issuer() {
        return issuer;
    }

    /** Waits for the discovery document, which the service reads when it starts. */
    DevProvider awaitReady(Duration within) throws Exception {
        var http = HttpClient.newHttpClient();
        URI discovery = issuer.resolve("/.well-known/openid-configuration");
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the development OIDC provider stopped with exit code "
                        + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the development OIDC provider gave no " + discovery + " within "
                + within.toSeconds() + " s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
