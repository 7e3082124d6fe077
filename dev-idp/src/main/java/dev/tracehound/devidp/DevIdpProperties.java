package dev.tracehound.devidp;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the provider says it lives and where it sends the service's browser back to.
 *
 * @param issuer the issuer URL in discovery and in every token; {@code dev-idp.yaml} defaults it to
 *     {@code http://localhost:<server.port>}
 * @param redirectUri the one redirect URI registered for the {@code tracehound} client
 */
@ConfigurationProperties("dev-idp")
record DevIdpProperties(URI issuer, URI redirectUri) {

    DevIdpProperties {
        require(issuer, "dev-idp.issuer", "http://localhost:9000");
        require(redirectUri, "dev-idp.redirect-uri", "http://localhost:8080/login/oauth2/code/dev");
    }

    private static void require(URI uri, String property, String example) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    property + " must be an absolute http(s) URL such as " + example + ", but was " + uri);
        }
    }
}
