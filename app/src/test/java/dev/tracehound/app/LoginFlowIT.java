package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.fixtures.DevIdpProcess;
import dev.tracehound.fixtures.LoginBrowser;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Invitations;
import dev.tracehound.platform.identity.Memberships;
import dev.tracehound.platform.identity.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole login through the real development provider, in its own process: the browser flow
 * with PKCE ending in a session cookie, CSRF on changes made with it, logout, bearer JWTs of the
 * same issuer (a tampered one refused, a rotated key fetched), and a removed member stopped at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginFlowIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OWNER = "owner@demo.local";
    private static final String OWNER_PASSWORD = "owner-local-only";

    private static DevIdpProcess idp;
    private static RunningApp app;
    private static URI base;
    private static URI callback;
    private static Project project;
    private static LoginBrowser owner;
    private static Logins.BrowserLogin ownerLogin;

    @BeforeAll
    static void startTheProviderAndTheService() {
        int appPort = LoginBrowser.freePort();
        base = URI.create("http://localhost:" + appPort);
        callback = base.resolve("/login/oauth2/code/dev");
        idp = DevIdpProcess.start(LoginBrowser.freePort(), callback);
        app = RunningApp.start(Map.of(
                "server.port", appPort,
                "spring.security.oauth2.client.provider.dev.issuer-uri", idp.issuer().toString(),
                "spring.security.oauth2.client.registration.dev.client-id", DevIdpProcess.CLIENT_ID,
                "spring.security.oauth2.client.registration.dev.client-secret", DevIdpProcess.CLIENT_SECRET,
                "spring.security.oauth2.client.registration.dev.scope", "openid,profile,email",
                "tracehound.auth.jwt.issuer-uri", idp.issuer().toString(),
                "tracehound.identity.default-workspace", "acme"));
        project = app.bean(ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
        owner = new LoginBrowser();
        ownerLogin = Logins.throughTheService(owner, base, OWNER, OWNER_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    @Order(1)
    void theFirstPersonToLogInOwnsTheDefaultWorkspaceThroughAGuardedSessionCookie() throws Exception {
        var toProvider = LoginBrowser.queryOf(ownerLogin.toProvider());
        assertThat(ownerLogin.toProvider().toString()).startsWith(idp.issuer() + "/oauth2/authorize");
        assertThat(toProvider).containsEntry("code_challenge_method", "S256").containsEntry("client_id", "tracehound");
        assertThat(toProvider.get("code_challenge")).hasSize(43);
        var landed = ownerLogin.callback();
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        assertThat(landed.headers().firstValue("Location")).hasValue("/");
        String sessionCookie = landed.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("SESSION=")).findFirst().orElseThrow();
        assertThat(sessionCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
        assertThat(owner.cookie(base, "SESSION")).as("a new session id at login, against fixation")
                .isPresent().get().isNotEqualTo(ownerLogin.sessionBeforeLogin());

        JsonNode me = json(Logins.api(owner, base.resolve("/api/v1/me")), 200);

        assertThat(me.path("kind").asString()).isEqualTo("person");
        assertThat(me.path("credential").asString()).isEqualTo("session");
        assertThat(me.path("user").path("email").asString()).isEqualTo(OWNER);
        assertThat(me.path("user").path("name").asString()).isEqualTo("Olivia Owner");
        assertThat(me.path("workspaces").size()).isEqualTo(1);
        assertThat(me.path("workspaces").get(0).path("workspaceId").asString()).isEqualTo(project.workspaceId().toString());
        assertThat(me.path("workspaces").get(0).path("role").asString()).isEqualTo("owner");
        assertThat(Logins.api(owner, base.resolve(projectPath("/metrics/names"))).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aChangeMadeWithTheCookieNeedsTheXsrfTokenEchoedInAHeader() {
        var withoutToken = owner.send(post(projectPath("/agent/sessions"), "{\"title\": \"no token\"}"));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("X-XSRF-TOKEN");

        String xsrf = owner.cookie(base, "XSRF-TOKEN").orElseThrow();
        var withToken = owner.send(post(projectPath("/agent/sessions"), "{\"title\": \"mine\"}").header("X-XSRF-TOKEN", xsrf));
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(201);
        var wrongToken = owner.send(post(projectPath("/agent/sessions"), "{}").header("X-XSRF-TOKEN", "forged"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void logoutEndsTheSessionOnTheServer() throws Exception {
        var browser = new LoginBrowser();
        Logins.throughTheService(browser, base, OWNER, OWNER_PASSWORD);
        String session = browser.cookie(base, "SESSION").orElseThrow();
        assertThat(Logins.api(browser, base.resolve("/api/v1/me")).statusCode()).isEqualTo(200);

        var logout = browser.send(HttpRequest.newBuilder(base.resolve("/logout"))
                .header("X-XSRF-TOKEN", browser.cookie(base, "XSRF-TOKEN").orElseThrow())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(204);

        // The old cookie, kept by someone who copied it, no longer names a session.
        var replayed = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/me")).header("Cookie", "SESSION=" + session)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void aBearerJwtOfTheIssuerActsAsThePersonItNamesAndATamperedOneIsRefused() throws Exception {
        String token = Logins.accessToken(idp, callback, OWNER, OWNER_PASSWORD);
        JsonNode bySession = json(Logins.api(owner, base.resolve("/api/v1/me")), 200);

        JsonNode byJwt = json(bearer("/api/v1/me", token), 200);

        assertThat(byJwt.path("credential").asString()).isEqualTo("jwt");
        assertThat(byJwt.path("user").path("id").asString()).isEqualTo(bySession.path("user").path("id").asString());
        assertThat(bearer(projectPath("/metrics/names"), token).statusCode()).isEqualTo(200);
        String tampered = token.substring(0, token.length() - 10) + (token.charAt(token.length() - 10) == 'A' ? 'B' : 'A')
                + token.substring(token.length() - 9);
        var refused = bearer("/api/v1/me", tampered);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("invalid_token"));
    }

    @Test
    @Order(5)
    void aRemovedMemberIsStoppedAtOnceOnTheirNextRequest() throws Exception {
        var member = new LoginBrowser();
        Logins.throughTheService(member, base, "member@demo.local", "member-local-only");
        UUID memberId = UUID.fromString(json(Logins.api(member, base.resolve("/api/v1/me")), 200).path("user").path("id").asString());
        UUID ownerId = UUID.fromString(json(Logins.api(owner, base.resolve("/api/v1/me")), 200).path("user").path("id").asString());
        assertThat(Logins.api(member, base.resolve(projectPath("/metrics/names"))).statusCode())
                .as("not a member yet: the project is not there for them").isEqualTo(404);

        var invitations = app.bean(Invitations.class);
        var invited = invitations.create(Actor.user(ownerId, null, null), project.workspaceId(), "member@demo.local",
                Role.MEMBER);
        invitations.accept(Actor.user(memberId, null, null), invited.token());
        assertThat(Logins.api(member, base.resolve(projectPath("/metrics/names"))).statusCode()).isEqualTo(200);

        app.bean(Memberships.class).remove(Actor.user(ownerId, null, null), project.workspaceId(), memberId);

        // PostgreSQL announces the change at commit; the role cache forgets it milliseconds later.
        long removed = System.nanoTime();
        int status;
        do {
            status = Logins.api(member, base.resolve(projectPath("/metrics/names"))).statusCode();
        } while (status == 200 && System.nanoTime() - removed < 1_000_000_000L);
        assertThat(status).isEqualTo(404);
        System.out.printf("a removed member was refused %d ms after the removal committed%n",
                (System.nanoTime() - removed) / 1_000_000);
    }

    @Test
    @Order(6)
    void whenTheIssuerRotatesItsKeyNewTokensWorkAndTokensOfTheOldKeyStop() throws Exception {
        String before = Logins.accessToken(idp, callback, OWNER, OWNER_PASSWORD);
        assertThat(bearer("/api/v1/me", before).statusCode()).isEqualTo(200);

        idp.restart();
        String after = Logins.accessToken(idp, callback, OWNER, OWNER_PASSWORD);

        assertThat(bearer("/api/v1/me", after).statusCode()).as("a token signed with the new key").isEqualTo(200);
        assertThat(bearer("/api/v1/me", before).statusCode()).as("a token of the retired key").isEqualTo(401);
    }

    @Test
    @Order(7)
    void theWebUisSignInButtonLeadsToAListOfTheProviders() throws Exception {
        var page = HTTP.send(HttpRequest.newBuilder(base.resolve("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/oauth2/authorization/dev");
    }

    private static String projectPath(String rest) {
        return "/api/v1/projects/" + project.id() + rest;
    }

    private static HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> bearer(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
