package dev.tracehound.app;

import static dev.tracehound.fixtures.LoginBrowser.location;
import static dev.tracehound.fixtures.LoginBrowser.queryOf;

import dev.tracehound.fixtures.DevIdpProcess;
import dev.tracehound.fixtures.LoginBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Logging in through the development provider, as a browser through the service or as an API client. */
final class Logins {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Logins() {}

    /** A GET of the API with the browser's cookies, as a page's script makes it (JSON, not HTML). */
    static HttpResponse<String> api(LoginBrowser browser, URI uri) {
        return browser.send(HttpRequest.newBuilder(uri).header("Accept", "application/json"));
    }

    /** The steps of a browser login through the service, each response kept for the test to look at. */
    record BrowserLogin(LoginBrowser browser, URI toProvider, String sessionBeforeLogin, HttpResponse<String> callback) {}

    /**
     * Logs {@code browser} in to the service at {@code app}: the service sends it to the provider,
     * the provider's login form takes the password, and the provider sends it back with a code.
     */
    static BrowserLogin throughTheService(LoginBrowser browser, URI app, String email, String password) {
        URI toProvider = location(browser.get(app.resolve("/oauth2/authorization/dev")));
        URI loginPage = location(browser.get(toProvider));
        String csrf = LoginBrowser.csrfToken(browser.get(loginPage).body());
        URI backToAuthorize = location(browser.postForm(loginPage,
                Map.of("username", email, "password", password, "_csrf", csrf)));
        URI callback = location(browser.get(backToAuthorize));
        String sessionBefore = browser.cookie(app, "SESSION").orElse("");
        return new BrowserLogin(browser, toProvider, sessionBefore, browser.get(callback));
    }

    /**
     * An access token for {@code email}, as an API client gets one: authorization code with PKCE
     * straight against the provider, the code exchanged with the client's secret.
     */
    static String accessToken(DevIdpProcess idp, URI redirectUri, String email, String password) {
        var browser = new LoginBrowser();
        String verifier = LoginBrowser.randomUrlSafe();
        URI authorize = idp.issuer().resolve("/oauth2/authorize?response_type=code&client_id=" + DevIdpProcess.CLIENT_ID
                + "&scope=openid%20profile%20email&state=s&redirect_uri=" + LoginBrowser.encode(redirectUri.toString())
                + "&code_challenge=" + LoginBrowser.s256(verifier) + "&code_challenge_method=S256");
        URI loginPage = location(browser.get(authorize));
        String csrf = LoginBrowser.csrfToken(browser.get(loginPage).body());
        URI again = location(browser.postForm(loginPage, Map.of("username", email, "password", password, "_csrf", csrf)));
        String code = queryOf(location(browser.get(again))).get("code");
        String basic = Base64.getEncoder().encodeToString((DevIdpProcess.CLIENT_ID + ":" + DevIdpProcess.CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            idp.issuer().resolve("/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(LoginBrowser.formBody(Map.of("grant_type",
                            "authorization_code", "code", code, "redirect_uri", redirectUri.toString(),
                            "code_verifier", verifier))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (tokens.statusCode() != 200) {
                throw new IllegalStateException("the token exchange failed: " + tokens.body());
            }
            return JSON.readTree(tokens.body()).path("access_token").asString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
