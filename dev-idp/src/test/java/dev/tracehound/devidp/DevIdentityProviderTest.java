package dev.tracehound.devidp;

import static dev.tracehound.fixtures.LoginBrowser.location;
import static dev.tracehound.fixtures.LoginBrowser.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.tracehound.fixtures.LoginBrowser;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The development provider, started in-process as the service's login tests will start it. */
class DevIdentityProviderTest {

    private static final URI REDIRECT_URI = URI.create("http://localhost:8080/login/oauth2/code/dev");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient API = HttpClient.newHttpClient();
    private static final DemoUser OWNER = DemoUsers.byEmail("owner@demo.local").orElseThrow();

    private static DevIdentityProvider idp;

    @BeforeAll
    static void startTheProvider() {
        idp = DevIdentityProvider.start(LoginBrowser.freePort(), REDIRECT_URI);
    }

    @AfterAll
    static void stopTheProvider() {
        idp.close();
    }

    @Test
    void discoveryNamesTheIssuerAndItsEndpoints() {
        JsonNode discovery = getJson(idp.issuer().resolve("/.well-known/openid-configuration"));

        String issuer = idp.issuer().toString();
        assertThat(discovery.path("issuer").asString()).isEqualTo(issuer);
        assertThat(discovery.path("authorization_endpoint").asString()).isEqualTo(issuer + "/oauth2/authorize");
        assertThat(discovery.path("token_endpoint").asString()).isEqualTo(issuer + "/oauth2/token");
        assertThat(discovery.path("jwks_uri").asString()).isEqualTo(issuer + "/oauth2/jwks");
        assertThat(discovery.path("code_challenge_methods_supported").toString()).contains("S256");
        assertThat(getJson(idp.issuer().resolve("/oauth2/jwks")).path("keys").size()).isEqualTo(1);
    }

    @Test
    void theOwnerLogsInWithPkceAndGetsASignedIdTokenNamingThem() throws Exception {
        Login login = logIn(OWNER.email(), OWNER.password());

        HttpResponse<String> response = token(login.code(), login.verifier(), true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(response.body());
        assertThat(tokens.path("access_token").asString()).isNotBlank();
        SignedJWT idToken = SignedJWT.parse(tokens.path("id_token").asString());
        assertThat(idToken.verify(new RSASSAVerifier(signingKey(idToken)))).as("signature checked against the JWKS").isTrue();
        assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(idp.issuer().toString());
        assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(DevIdentityProvider.CLIENT_ID);
        assertThat(idToken.getJWTClaimsSet().getStringClaim("email")).isEqualTo("owner@demo.local");
        assertThat(idToken.getJWTClaimsSet().getStringClaim("name")).isEqualTo(OWNER.name());
        assertThat(idToken.getJWTClaimsSet().getBooleanClaim("email_verified")).isTrue();
    }

    @Test
    void aWrongCodeVerifierIsRefused() {
        Login login = logIn(OWNER.email(), OWNER.password());

        HttpResponse<String> response = token(login.code(), LoginBrowser.randomUrlSafe(), true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":\"invalid_grant\"");
    }

    @Test
    void aRefreshTokenGivesANewAccessToken() {
        Login login = logIn(OWNER.email(), OWNER.password());
        JsonNode first = JSON.readTree(token(login.code(), login.verifier(), true).body());
        String refreshToken = first.path("refresh_token").asString();
        assertThat(refreshToken).as("refresh token in %s", first).isNotBlank();

        HttpResponse<String> refreshed = postToken(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), true);

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String newAccessToken = JSON.readTree(refreshed.body()).path("access_token").asString();
        assertThat(newAccessToken).isNotBlank().isNotEqualTo(first.path("access_token").asString());
    }

    @Test
    void aWrongPasswordDoesNotLogIn() {
        LoginBrowser browser = new LoginBrowser();
        URI loginPage = location(browser.get(authorizeUri("s", LoginBrowser.s256(LoginBrowser.randomUrlSafe()))));
        String csrf = LoginBrowser.csrfToken(browser.get(loginPage).body());

        URI afterPost = location(browser.postForm(loginPage,
                Map.of("username", OWNER.email(), "password", "not-the-password", "_csrf", csrf)));

        assertThat(afterPost.getPath()).isEqualTo("/login");
        assertThat(afterPost.getQuery()).isEqualTo("error");
        URI again = location(browser.get(authorizeUri("s", LoginBrowser.s256(LoginBrowser.randomUrlSafe()))));
        assertThat(again.getPath()).as("still sent to the login form, not back to the service").isEqualTo("/login");
    }

    @Test
    void aSecretlessExchangeWithPkceGetsTokensButNoRefreshToken() {
        Login login = logIn(OWNER.email(), OWNER.password());

        HttpResponse<String> response = token(login.code(), login.verifier(), false);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(response.body());
        assertThat(tokens.path("id_token").asString()).isNotBlank();
        assertThat(tokens.has("refresh_token")).isFalse();
    }

    static final java.util.List<DemoUser> EVERY_DEMO_USER = DemoUsers.ALL;

    @ParameterizedTest
    @FieldSource("EVERY_DEMO_USER")
    void everyDemoUserLogsInWithThePasswordThatIsPrinted(DemoUser user) throws Exception {
        Login login = logIn(user.email(), user.password());

        JsonNode tokens = JSON.readTree(token(login.code(), login.verifier(), true).body());

        assertThat(SignedJWT.parse(tokens.path("id_token").asString()).getJWTClaimsSet().getStringClaim("email"))
                .isEqualTo(user.email());
    }

    @Test
    void standaloneTheIssuerDefaultsToLocalhostAndTheConfiguredPort() {
        int port = LoginBrowser.freePort();
        try (var context = DevIdpApplication.builder().run("--server.port=" + port)) {
            JsonNode discovery = getJson(URI.create("http://127.0.0.1:" + port + "/.well-known/openid-configuration"));

            assertThat(discovery.path("issuer").asString()).isEqualTo("http://localhost:" + port);
        }
    }

    private record Login(String code, String verifier) {}

    /** Authorize, log in on the form, and return with the code, as a browser would for the service. */
    private static Login logIn(String email, String password) {
        LoginBrowser browser = new LoginBrowser();
        String verifier = LoginBrowser.randomUrlSafe();
        String state = LoginBrowser.randomUrlSafe();
        URI loginPage = location(browser.get(authorizeUri(state, LoginBrowser.s256(verifier))));
        assertThat(loginPage.getPath()).isEqualTo("/login");
        String csrf = LoginBrowser.csrfToken(browser.get(loginPage).body());

        URI savedAuthorize = location(browser.postForm(loginPage, Map.of("username", email, "password", password, "_csrf", csrf)));
        assertThat(savedAuthorize.getPath()).isEqualTo("/oauth2/authorize");
        URI callback = location(browser.get(savedAuthorize));

        assertThat(callback.resolve("?")).as("back at the service, no consent page").isEqualTo(REDIRECT_URI.resolve("?"));
        Map<String, String> query = queryOf(callback);
        assertThat(query.get("state")).isEqualTo(state);
        assertThat(query.get("code")).isNotBlank();
        return new Login(query.get("code"), verifier);
    }

    private static URI authorizeUri(String state, String challenge) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", DevIdentityProvider.CLIENT_ID);
        query.put("scope", "openid profile email");
        query.put("redirect_uri", REDIRECT_URI.toString());
        query.put("state", state);
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        return URI.create(idp.issuer() + "/oauth2/authorize?" + LoginBrowser.formBody(query));
    }

    private static HttpResponse<String> token(String code, String verifier, boolean withSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI.toString());
        form.put("code_verifier", verifier);
        if (!withSecret) {
            form.put("client_id", DevIdentityProvider.CLIENT_ID);
        }
        return postToken(form, withSecret);
    }

    private static HttpResponse<String> postToken(Map<String, String> form, boolean withSecret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(idp.issuer().resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(LoginBrowser.formBody(form)));
        if (withSecret) {
            String basic = DevIdentityProvider.CLIENT_ID + ":" + DevIdentityProvider.CLIENT_SECRET;
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    private static RSAKey signingKey(SignedJWT token) throws Exception {
        JWKSet keys = JWKSet.parse(send(HttpRequest.newBuilder(idp.issuer().resolve("/oauth2/jwks")).build()).body());
        return keys.getKeyByKeyId(token.getHeader().getKeyID()).toRSAKey();
    }

    private static JsonNode getJson(URI uri) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).build());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return API.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        }
    }
}
