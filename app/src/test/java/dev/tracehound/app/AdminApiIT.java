package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.Sql;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditFilter;
import dev.tracehound.platform.identity.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API over HTTP as people use it: invitations and seats, roles and the last owner,
 * projects and their deletion job, keys with who may touch them, and the audit log with one row
 * per change. People call with bearer JWTs of {@link TestIssuer}; the seat limit is 3.
 */
class AdminApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestIssuer issuer;
    private static RunningApp app;
    private static String owner;
    private static String workspace;

    record Answer(int status, JsonNode json, String text) {}

    @BeforeAll
    static void start() throws Exception {
        issuer = TestIssuer.start();
        app = RunningApp.start(Map.of("tracehound.auth.jwt.issuer-uri", issuer.issuer(),
                "tracehound.identity.default-workspace", "acme",
                "tracehound.identity.seats", "3",
                "tracehound.projects.deletion-settle", "0s",
                "tracehound.projects.deletion-poll", "200ms",
                "tracehound.auth.key-cache-ttl", "2s"));
        owner = issuer.token("owner", "owner@acme.test");
        var me = call("GET", "/api/v1/me", owner, null);
        workspace = me.json().path("workspaces").get(0).path("workspaceId").asString();
        assertThat(me.json().path("workspaces").get(0).path("role").asString()).isEqualTo("owner");
    }

    @AfterAll
    static void stop() {
        app.close();
        issuer.close();
    }

    @Test
    void theOwnerInvitesAMemberWhoAcceptsAndTakesASeatUntilTheSeatsRunOut() throws Exception {
        String member = issuer.token("mia", "mia@acme.test");
        call("GET", "/api/v1/me", member, null);
        long seatsBefore = call("GET", ws("/members"), owner, null).json().path("seats").path("used").asLong();

        var invited = call("POST", ws("/invitations"), owner, "{\"email\": \"mia@acme.test\", \"role\": \"member\"}");
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);
        String token = invited.json().path("token").asString();
        var accepted = call("POST", "/api/v1/invitations/accept", member, "{\"token\": \"" + token + "\"}");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(accepted.json().path("role").asString()).isEqualTo("member");

        var members = call("GET", ws("/members"), member, null).json();
        assertThat(members.path("seats").path("used").asLong()).isEqualTo(seatsBefore + 1);
        assertThat(members.path("seats").path("limit").asInt()).isEqualTo(3);
        assertThat(members.path("members").findValuesAsString("email")).contains("mia@acme.test", "owner@acme.test");
        var again = call("POST", "/api/v1/invitations/accept", member, "{\"token\": \"" + token + "\"}");
        assertThat(again.status()).as("a used invitation").isEqualTo(410);

        // Fill the seats, then one more: refused with the limit; a viewer takes no seat.
        var fillers = new ArrayList<UUID>(List.of(userId(member)));
        while (call("GET", ws("/members"), owner, null).json().path("seats").path("used").asLong() < 3) {
            String name = "filler" + UUID.randomUUID().toString().substring(0, 8);
            String filler = issuer.token(name, name + "@acme.test");
            fillers.add(userId(filler));
            var seat = call("POST", ws("/invitations"), owner, "{\"email\": \"" + name + "@acme.test\", \"role\": \"member\"}");
            call("POST", "/api/v1/invitations/accept", filler, "{\"token\": \"" + seat.json().path("token").asString() + "\"}");
        }
        var past = call("POST", ws("/invitations"), owner, "{\"email\": \"late@acme.test\", \"role\": \"member\"}");
        assertThat(past.status()).isEqualTo(409);
        assertThat(past.text()).contains("seat-limit-reached").contains("3");
        assertThat(call("POST", ws("/invitations"), owner, "{\"email\": \"late@acme.test\", \"role\": \"viewer\"}")
                .status()).isEqualTo(201);
        // Removing members frees their seats (and leaves room for the other tests).
        for (UUID filler : fillers) {
            assertThat(call("DELETE", ws("/members/" + filler), owner, null).status()).isEqualTo(204);
        }
        assertThat(call("GET", ws("/members"), owner, null).json().path("seats").path("used").asLong()).isEqualTo(seatsBefore);
    }

    @Test
    void aRevokedInvitationIsGoneAndAMemberCannotRaiseTheirOwnRole() throws Exception {
        String viewer = issuer.token("vic", "vic@acme.test");
        UUID vicId = userId(viewer);
        var invited = call("POST", ws("/invitations"), owner, "{\"email\": \"vic@acme.test\", \"role\": \"viewer\"}");
        String id = invited.json().path("invitation").path("id").asString();
        assertThat(call("DELETE", ws("/invitations/" + id), owner, null).status()).isEqualTo(204);
        var revoked = call("POST", "/api/v1/invitations/accept", viewer,
                "{\"token\": \"" + invited.json().path("token").asString() + "\"}");
        assertThat(revoked.status()).isEqualTo(410);
        assertThat(revoked.text()).contains("revoked");

        var second = call("POST", ws("/invitations"), owner, "{\"email\": \"vic@acme.test\", \"role\": \"viewer\"}");
        call("POST", "/api/v1/invitations/accept", viewer, "{\"token\": \"" + second.json().path("token").asString() + "\"}");
        var raise = call("PATCH", ws("/members/" + vicId), viewer, "{\"role\": \"admin\"}");
        assertThat(raise.status()).isEqualTo(403);
        assertThat(call("GET", ws("/invitations"), viewer, null).status()).as("viewers do not see invitations")
                .isEqualTo(403);
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorBeDemoted() throws Exception {
        UUID ownerId = userId(owner);
        var demote = call("PATCH", ws("/members/" + ownerId), owner, "{\"role\": \"admin\"}");
        assertThat(demote.status()).isEqualTo(409);
        assertThat(demote.text()).contains("last-owner");
        assertThat(call("DELETE", ws("/membership"), owner, null).status()).isEqualTo(409);
        assertThat(call("PATCH", ws("/members/" + ownerId), owner, "{\"role\": \"emperor\"}").status()).isEqualTo(400);
    }

    @Test
    void aProjectIsCreatedGetsKeysAndIsDeletedByAJobAfterWhichItsKeysAndRowsAreGone() throws Exception {
        var created = call("POST", ws("/projects"), owner, "{\"slug\": \"checkout\", \"name\": \"Checkout\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String project = created.json().path("id").asString();
        assertThat(call("POST", ws("/projects"), owner, "{\"slug\": \"checkout\", \"name\": \"Again\"}").status())
                .isEqualTo(409);
        assertThat(call("PATCH", ws("/projects/" + project), owner, "{\"name\": \"Checkout service\"}").json()
                .path("name").asString()).isEqualTo("Checkout service");
        var readKey = call("POST", ws("/projects/" + project + "/keys"), owner, "{\"name\": \"grafana\", \"scope\": \"read\"}");
        assertThat(readKey.status()).as(readKey.text()).isEqualTo(201);
        String secret = readKey.json().path("secret").asString();
        assertThat(secret).startsWith("thk_");
        assertThat(call("GET", "/api/v1/projects/" + project + "/metrics/names", secret, null).status()).isEqualTo(200);
        var rotated = call("POST", ws("/projects/" + project + "/keys/" + readKey.json().path("key").path("id").asString()
                + "/rotate"), owner, null);
        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        String newSecret = rotated.json().path("secret").asString();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(call("GET", "/api/v1/projects/" + project + "/metrics/names", newSecret, null).status()).isEqualTo(200);
        var listed = call("GET", ws("/projects/" + project + "/keys"), owner, null);
        assertThat(listed.text()).doesNotContain(secret).doesNotContain(newSecret);
        assertThat(listed.json().findValuesAsString("lastUsedAt")).anySatisfy(used -> assertThat(used).isNotBlank());
        app.bean(dev.tracehound.analytics.TelemetryWriter.class).writeLogs(List.of(new dev.tracehound.analytics.LogRow(
                project, 1L, 1L, "", "", 9, "INFO", "checkout", "hello", Map.of(), Map.of(), "")));

        var deleting = call("DELETE", ws("/projects/" + project), owner, null);
        assertThat(deleting.status()).as(deleting.text()).isEqualTo(202);
        String job = deleting.json().path("id").asString();
        JsonNode done = awaitJob(job);
        assertThat(awaitRefusal("/api/v1/projects/" + project + "/metrics/names", newSecret))
                .as("its key stops within the key cache's time (2 s here)").isIn(401, 404);
        assertThat(done.path("state").asString()).isEqualTo("done");
        assertThat(done.path("stepsDone").toString()).contains("clickhouse", "agent-sessions", "postgresql");
        assertThat(call("GET", ws("/projects"), owner, null).text()).doesNotContain(project);
        try (var clickHouse = ClickHouse.connect(dev.tracehound.analytics.ClickHouseSettings.of(app.clickHouse().url(),
                app.clickHouse().name()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long rows;
            do {
                rows = clickHouse.query(Sql.of("SELECT count() AS c FROM logs WHERE project_id = {p:String}")
                        .bind("p", project)).getFirst().longValue("c");
            } while (rows > 0 && System.nanoTime() < deadline && sleep());
            assertThat(rows).as("the project's rows in ClickHouse").isZero();
        }
    }

    @Test
    void membersManageTheirOwnKeysButNotOthers() throws Exception {
        String member = issuer.token("max", "max@acme.test");
        userId(member);
        var seat = call("POST", ws("/invitations"), owner, "{\"email\": \"max@acme.test\", \"role\": \"viewer\"}");
        call("POST", "/api/v1/invitations/accept", member, "{\"token\": \"" + seat.json().path("token").asString() + "\"}");
        String project = call("POST", ws("/projects"), owner, "{\"slug\": \"keys\", \"name\": \"Keys\"}").json()
                .path("id").asString();
        assertThat(call("POST", ws("/projects/" + project + "/keys"), member, "{\"name\": \"mine\", \"scope\": \"read\"}")
                .status()).as("a viewer makes no keys").isEqualTo(403);
        var promoted = call("PATCH", ws("/members/" + userId(member)), owner, "{\"role\": \"member\"}");
        assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);
        String ownersKey = call("POST", ws("/projects/" + project + "/keys"), owner, "{\"name\": \"admins\", \"scope\": \"ingest\"}")
                .json().path("key").path("id").asString();
        var mine = call("POST", ws("/projects/" + project + "/keys"), member, "{\"name\": \"mine\", \"scope\": \"read\"}");
        assertThat(mine.status()).isEqualTo(201);
        assertThat(call("DELETE", ws("/projects/" + project + "/keys/" + ownersKey), member, null).status()).isEqualTo(403);
        assertThat(call("DELETE", ws("/projects/" + project + "/keys/" + mine.json().path("key").path("id").asString()),
                member, null).status()).isEqualTo(204);
    }

    @Test
    void everyChangeThroughTheApiLeavesExactlyOneAuditRowAndTheLogFiltersAndExports() throws Exception {
        var audit = app.bean(AuditLog.class);
        UUID workspaceId = UUID.fromString(workspace);
        String name = "ada" + UUID.randomUUID().toString().substring(0, 6);
        String ada = issuer.token(name, name + "@acme.test");
        userId(ada);
        List<String> changes = new ArrayList<>();
        int before = audit.entries(workspaceId, 10_000).size();

        String invitation = change(changes, "POST", ws("/invitations"), "{\"email\": \"" + name + "@acme.test\", \"role\": \"viewer\"}")
                .json().path("token").asString();
        call("POST", "/api/v1/invitations/accept", ada, "{\"token\": \"" + invitation + "\"}");
        changes.add("accept");
        change(changes, "PATCH", ws("/members/" + userId(ada)), "{\"role\": \"viewer\"}");
        changes.removeLast(); // the same role: no change, no row
        change(changes, "PATCH", ws(""), "{\"name\": \"Acme Inc\"}");
        change(changes, "PATCH", ws(""), "{\"allowedEmailDomains\": [\"acme.test\"]}");
        String project = change(changes, "POST", ws("/projects"), "{\"slug\": \"audited\", \"name\": \"Audited\"}")
                .json().path("id").asString();
        String key = change(changes, "POST", ws("/projects/" + project + "/keys"), "{\"name\": \"k\", \"scope\": \"ingest\"}")
                .json().path("key").path("id").asString();
        change(changes, "POST", ws("/projects/" + project + "/keys/" + key + "/rotate"), null);
        change(changes, "DELETE", ws("/members/" + userId(ada)), null);
        change(changes, "DELETE", ws("/projects/" + project), null);

        int after = audit.entries(workspaceId, 10_000).size();
        assertThat(after - before).as("rows for %s", changes).isEqualTo(changes.size());
        var renamed = call("GET", ws("/audit?action=workspace_renamed"), owner, null);
        assertThat(renamed.json().path("entries").size()).isEqualTo(1);
        assertThat(renamed.json().path("entries").get(0).path("actorKind").asString()).isEqualTo("user");
        assertThat(renamed.json().path("entries").get(0).path("userAgent").asString()).startsWith("Java-http-client");
        assertThat(audit.page(AuditFilter.of(workspaceId).withAction(AuditAction.API_KEY_ROTATED)
                .onTarget("api_key", key), 10, null).entries()).hasSize(1);
        var csv = call("GET", ws("/audit.csv?targetKind=project"), owner, null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text().lines().findFirst().orElse("")).contains("action");
        assertThat(csv.text()).contains("PROJECT_CREATED").contains("PROJECT_DELETION_STARTED").doesNotContain("API_KEY_CREATED");
        assertThat(call("GET", ws("/audit?from=yesterday"), owner, null).status()).isEqualTo(400);
    }

    @Test
    void everyoneSignedInReadsThePlansAndTheWorkspaceShowsItsPlanWhichTheServiceChanges() throws Exception {
        var catalogue = call("GET", "/api/v1/plans", owner, null);
        assertThat(catalogue.status()).as(catalogue.text()).isEqualTo(200);
        assertThat(catalogue.json().path("version").asString()).isEqualTo("plans-v1");
        assertThat(catalogue.json().path("defaultPlan").asString()).isEqualTo("free");
        assertThat(catalogue.json().path("plans").findValuesAsString("id"))
                .containsExactly("free", "indie", "startup", "growth", "scale");
        JsonNode free = catalogue.json().path("plans").get(0);
        assertThat(free.path("limits").path("retentionDays").asInt()).isEqualTo(7);
        assertThat(free.path("limits").path("perMonth").path("spans").asLong()).isEqualTo(1_000_000);
        assertThat(free.path("allowsOverage").asBoolean()).isFalse();
        JsonNode scale = catalogue.json().path("plans").get(4);
        assertThat(scale.path("limits").path("perMonth").path("spans").isNull()).as("unlimited").isTrue();
        assertThat(scale.path("overage").findValuesAsString("meter")).containsExactly("agent_tokens", "sandbox_minutes");
        assertThat(call("GET", "/api/v1/plans", null, null).status()).as("not signed in").isEqualTo(401);

        var before = call("GET", ws("/plan"), owner, null);
        assertThat(before.status()).as(before.text()).isEqualTo(200);
        assertThat(before.json().path("plan").path("id").asString()).isEqualTo("free");
        assertThat(before.json().path("status").asString()).isEqualTo("active");
        assertThat(before.json().path("changedAt").isNull()).as("never chosen").isTrue();

        UUID workspaceId = UUID.fromString(workspace);
        app.bean(WorkspacePlans.class).change(Actor.system(), workspaceId, "growth");
        var after = call("GET", ws("/plan"), owner, null).json();
        assertThat(after.path("plan").path("id").asString()).isEqualTo("growth");
        assertThat(after.path("inEffect").asString()).isEqualTo("growth");
        assertThat(after.path("plan").path("monthlyUsd").decimalValue()).isEqualByComparingTo("599");
        assertThat(after.path("changedAt").isNull()).isFalse();
        assertThat(app.bean(AuditLog.class).entries(workspaceId, 1).getFirst().action()).isEqualTo(AuditAction.PLAN_CHANGED);
        // tracehound.identity.seats (3) caps every plan: growth's 75 seats do not loosen it.
        assertThat(call("GET", ws(""), owner, null).json().path("seats").path("limit").asInt()).isEqualTo(3);
    }

    private static Answer change(List<String> changes, String method, String path, String body) throws Exception {
        Answer answer = call(method, path, owner, body);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.text()).isBetween(200, 299);
        changes.add(method + " " + path);
        return answer;
    }

    private static JsonNode awaitJob(String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode state;
        do {
            state = call("GET", ws("/project-deletions/" + job), owner, null).json();
        } while (!List.of("done", "failed").contains(state.path("state").asString()) && System.nanoTime() < deadline
                && sleep());
        return state;
    }

    private static int awaitRefusal(String path, String key) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = call("GET", path, key, null).status();
        } while (status == 200 && System.nanoTime() < deadline && sleep());
        return status;
    }

    private static boolean sleep() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String ws(String rest) {
        return "/api/v1/workspaces/" + workspace + rest;
    }

    private static UUID userId(String token) throws Exception {
        return UUID.fromString(call("GET", "/api/v1/me", token, null).json().path("user").path("id").asString());
    }

    private static Answer call(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Answer(response.statusCode(), json == null ? JSON.createObjectNode() : json, response.body());
    }
}
