package dev.tracehound.devidp;

import java.net.URI;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The development OIDC provider started in-process, for tests: the same server {@code ./dev up}
 * runs, on a port the test chose. Close it when the test is done.
 *
 * <pre>{@code
 * try (DevIdentityProvider idp = DevIdentityProvider.start(port, serviceCallback)) {
 *     URI issuer = idp.issuer();   // http://localhost:<port>
 * }
 * }</pre>
 */
public final class DevIdentityProvider implements AutoCloseable {

    /** The one registered client, meant for the Tracehound service. */
    public static final String CLIENT_ID = "tracehound";

    /**
     * The client's secret, clearly not one: the service is a confidential client (it keeps the
     * secret on the server) and also sends PKCE. Spring Authorization Server issues refresh tokens
     * only to clients that authenticate, so a secret-less (public) exchange gets no refresh token.
     */
    public static final String CLIENT_SECRET = "tracehound-local-only";

    private final ConfigurableApplicationContext context;
    private final URI issuer;

    private DevIdentityProvider(ConfigurableApplicationContext context, URI issuer) {
        this.context = context;
        this.issuer = issuer;
    }

    /**
     * Starts the provider on {@code port} with issuer {@code http://localhost:<port>}, registering
     * {@code redirectUri} (the service's login callback) for the client.
     */
    public static DevIdentityProvider start(int port, URI redirectUri) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 (pick a free one first), but was " + port);
        }
        URI issuer = URI.create("http://localhost:" + port);
        // Command-line arguments outrank the environment, so nothing around the test changes them.
        ConfigurableApplicationContext context = DevIdpApplication.builder().run(
                "--server.port=" + port,
                "--dev-idp.issuer=" + issuer,
                "--dev-idp.redirect-uri=" + redirectUri,
                "--spring.main.register-shutdown-hook=false");
        return new DevIdentityProvider(context, issuer);
    }

    /** The issuer URL: discovery is at {@code <issuer>/.well-known/openid-configuration}. */
    public URI issuer() {
        return issuer;
    }

    @Override
    public void close() {
        context.close();
    }
}
