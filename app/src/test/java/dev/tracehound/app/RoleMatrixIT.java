package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.app.security.EndpointPolicy;
import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Invitations;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.identity.RolePolicy;
import dev.tracehound.platform.identity.Users;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation of the OpenAPI document, called by every role, a read key, nobody, another
 * workspace's owner and another project's key; each answer is checked against the policy
 * tables (EndpointPolicy for the action, RolePolicy for who may take it). An operation missing
 * from the table, or a row the document does not have, fails the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoleMatrixIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the policy decided, as the answer shows it. */
    enum Outcome { ALLOWED, UNAUTHENTICATED, NOT_FOUND, FORBIDDEN }

    /** Someone calling: a role in the project's workspace, a read key, nobody, or an outsider. */
    record Caller(String name, String authorization, Role role, boolean readKey, boolean outsider) {

        Outcome expected(EndpointPolicy.Rule rule) {
            if (authorization == null) {
                return Outcome.UNAUTHENTICATED;
            }
            if (rule.target() == EndpointPolicy.Target.CALLER && rule.action() == null) {
                return Outcome.ALLOWED;
            }
            // An action on nothing of a workspace (the eval runs) judges every caller, an outsider too, by its own
            // role or scope.
            boolean onAWorkspace = rule.target() != EndpointPolicy.Target.CALLER;
            if (onAWorkspace && (outsider || readKey && rule.target() == EndpointPolicy.Target.WORKSPACE)) {
                return Outcome.NOT_FOUND;
            }
            boolean allowed = readKey ? RolePolicy.allowsKey(ApiKeys.Scope.READ, rule.action())
                    : RolePolicy.allows(role, rule.action());
            return allowed ? Outcome.ALLOWED : Outcome.FORBIDDEN;
        }
    }

    private static TestIssuer issuer;
    private static RunningApp app;
    private static Project project;
    private static final List<Caller> CALLERS = new ArrayList<>();
    private static String sessionId;

    @BeforeAll
    static void peopleInEveryRole() throws Exception {
        issuer = TestIssuer.start();
        app = RunningApp.start(Map.of("tracehound.auth.jwt.issuer-uri", issuer.issuer(),
                "tracehound.identity.default-workspace", "acme"));
        project = app.bean(ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
        // The first person to sign in owns the default workspace; the others are invited into it.
        String owner = bearer(issuer.token("owner", "owner@acme.test"));
        UUID ownerId = userId(owner);
        CALLERS.add(new Caller("owner", owner, Role.OWNER, false, false));
        var invitations = app.bean(Invitations.class);
        for (Role role : List.of(Role.ADMIN, Role.MEMBER, Role.VIEWER)) {
            String name = role.name().toLowerCase(Locale.ROOT);
            String token = bearer(issuer.token(name, name + "@acme.test"));
            var invited = invitations.create(Actor.user(ownerId, null, null), project.workspaceId(), name + "@acme.test", role);
            invitations.accept(Actor.user(userId(token), null, null), invited.token());
            CALLERS.add(new Caller(name, token, role, false, false));
        }
        CALLERS.add(new Caller("read key", bearer(app.bean(ApiKeys.class).create(project.id(), "matrix", ApiKeys.Scope.READ)),
                null, true, false));
        CALLERS.add(new Caller("anonymous", null, null, false, false));
        // Another workspace, owned by someone else, with a project and a key of its own.
        String rival = bearer(issuer.token("rival", "rival@other.test"));
        UUID rivalId = userId(rival);
        var rivalUsers = new Users(app.bean(DataSource.class), app.bean(Entitlements.class), "rival");
        assertThat(rivalUsers.signIn(issuer.issuer(), "rival", "rival@other.test", null, null).id()).isEqualTo(rivalId);
        var rivalProject = app.bean(ProjectDirectory.class).ensure("rival", "Rival", "shop", "Shop");
        CALLERS.add(new Caller("another workspace's owner", rival, Role.OWNER, false, true));
        CALLERS.add(new Caller("another project's read key", bearer(app.bean(ApiKeys.class)
                .create(rivalProject.id(), "rival", ApiKeys.Scope.READ)), null, true, true));
        sessionId = JSON.readTree(send("POST", "/api/v1/projects/" + project.id() + "/agent/sessions", owner).body)
                .path("id").asString();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    /** Last: its callers leave the workspace at the end. */
    @Test
    @Order(2)
    void everyOperationOfTheDocumentAnswersEveryCallerAsThePolicySays() throws Exception {
        Map<String, EndpointPolicy.Rule> rules = new LinkedHashMap<>();
        EndpointPolicy.rules().forEach(rule -> rules.put(rule.method() + " " + rule.path(), rule));
        // Leaving the workspace goes last: each caller who may leave does.
        Set<String> operations = new LinkedHashSet<>(apiOperations());
        String leave = "DELETE /api/v1/workspaces/{workspace}/membership";
        if (operations.remove(leave)) {
            operations.add(leave);
        }
        assertThat(operations).as("operations of /v3/api-docs under /api/ without a row in EndpointPolicy")
                .isSubsetOf(rules.keySet());
        assertThat(rules.keySet()).as("rows of EndpointPolicy the document does not have").isSubsetOf(operations);

        var mismatches = new ArrayList<String>();
        int calls = 0;
        int outsiderCalls = 0;
        for (String operation : operations) {
            EndpointPolicy.Rule rule = rules.get(operation);
            for (Caller caller : CALLERS) {
                Outcome expected = caller.expected(rule);
                Answer answer = send(rule.method().name(), concrete(rule.path()), caller.authorization());
                calls++;
                if (caller.outsider() && rule.target() != EndpointPolicy.Target.CALLER) {
                    outsiderCalls++;
                }
                if (answer.outcome() != expected) {
                    mismatches.add(operation + " as " + caller.name() + ": expected " + expected + ", got "
                            + answer.status() + " " + answer.body());
                }
            }
        }

        assertThat(mismatches).as("answers that disagree with the policy").isEmpty();
        assertThat(calls).isEqualTo(operations.size() * CALLERS.size());
        assertThat(outsiderCalls).as("workspace and project operations called from outside, each a 404").isPositive();
        System.out.printf("role matrix: %d operations x %d callers = %d calls, all as the policy says; "
                + "%d calls from another workspace, 0 answered with its data%n", operations.size(), CALLERS.size(),
                calls, outsiderCalls);
    }

    @Test
    @Order(1)
    void aViewerCannotApproveASandboxCommandButAMemberMay() throws Exception {
        String path = "/api/v1/projects/" + project.id() + "/agent/sessions/" + sessionId + "/tool-calls/call-1/approve";
        Answer viewer = send("POST", path, callerNamed("viewer").authorization());
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.body()).contains("role-not-allowed").contains("viewer");
        // The member passes the policy; the session is the owner's, so only its owner decides.
        Answer member = send("POST", path, callerNamed("member").authorization());
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.body()).doesNotContain("role-not-allowed").contains("only the person who started");
    }

    @Test
    @Order(1)
    void theSessionListSaysWhoseEachSessionIs() throws Exception {
        String path = "/api/v1/projects/" + project.id() + "/agent/sessions/" + sessionId;
        JsonNode asOwner = JSON.readTree(send("GET", path, callerNamed("owner").authorization()).body()).path("session");
        JsonNode asMember = JSON.readTree(send("GET", path, callerNamed("member").authorization()).body()).path("session");
        assertThat(asOwner.path("yours").asBoolean()).isTrue();
        assertThat(asMember.path("yours").asBoolean()).isFalse();
        assertThat(asMember.path("owner").asString()).isEqualTo(asOwner.path("owner").asString())
                .isEqualTo(userId(callerNamed("owner").authorization()).toString());
    }

    private static Caller callerNamed(String name) {
        return CALLERS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> apiOperations() throws Exception {
        JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        Set<String> operations = new LinkedHashSet<>();
        for (var path : document.path("paths").properties()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (var method : path.getValue().properties()) {
                operations.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        assertThat(operations).as("the document lists the API").hasSizeGreaterThan(40);
        return operations;
    }

    /**
     * The operation's path with real ids where the policy reads them ({project} of the query
     * API, {workspace}) and unknown ones elsewhere, so that no call deletes or changes what later
     * calls need: an allowed caller then gets the handler's own 404 or 400.
     */
    private static String concrete(String template) {
        if (template.startsWith("/api/v1/workspaces/")) {
            return template.replace("{workspace}", project.workspaceId().toString())
                    .replaceAll("\\{(project|user|invitation|key|job|channel|silence|action|approval)}",
                            UUID.randomUUID().toString());
        }
        return template.replace("{project}", project.id().toString())
                .replace("{session}", sessionId)
                .replace("{traceId}", "0af7651916cd43dd8448eb211c80319c")
                .replace("{call}", "call-1")
                .replaceAll("\\{(incident|rule|slo|run)}", UUID.randomUUID().toString());
    }

    record Answer(int status, String body, Outcome outcome) {}

    /** Reads the status and the start of the body, then lets go: streams (live tail, runs) are not waited for. */
    private static Answer send(String method, String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}"));
        request.header("Content-Type", "application/json");
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        String body;
        try (InputStream in = response.body()) {
            body = stream ? "" : new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
        int status = response.statusCode();
        Outcome outcome = status == 401 ? Outcome.UNAUTHENTICATED
                : status == 404 && body.contains("not-found-for-caller") ? Outcome.NOT_FOUND
                : status == 403 && body.contains("role-not-allowed") ? Outcome.FORBIDDEN
                : Outcome.ALLOWED;
        return new Answer(status, body, outcome);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static UUID userId(String authorization) throws Exception {
        Answer me = send("GET", "/api/v1/me", authorization);
        assertThat(me.status()).isEqualTo(200);
        return UUID.fromString(JSON.readTree(me.body()).path("user").path("id").asString());
    }
}
