package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tracehound.agent.metering.SandboxAllowance;
import dev.tracehound.agent.session.SandboxLeaseStore;
import dev.tracehound.agent.session.SandboxLeaseStore.NewLease;
import dev.tracehound.agent.session.SandboxLeaseStore.SandboxLease;
import dev.tracehound.app.SseClient.Event;
import dev.tracehound.fixtures.FakeModelServer.Call;
import dev.tracehound.fixtures.FakeModelServer.Reply;
import dev.tracehound.fixtures.FakeOpenAiServer;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.billing.PlanEntitlements;
import dev.tracehound.platform.billing.WorkspacePlans;
import dev.tracehound.platform.identity.Actor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sandbox minutes end to end: the agent's shell tool, called by a model (a local fake
 * OpenAI-compatible server), runs in a real Docker sandbox whose lease PostgreSQL keeps; the usage
 * API shows its minutes against the plan; on free, once the month's minutes are used, the next
 * sandbox is refused and the agent gets the reason as the tool's error; on indie, past its limit
 * too, sandboxes go on (the overage is billed).
 */
class SandboxMinutesApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RUN = Duration.ofSeconds(90);

    private static TestIssuer issuer;
    private static FakeOpenAiServer model;
    private static RunningApp app;
    private static String owner;
    private static Project shop;

    @BeforeAll
    static void start() throws Exception {
        issuer = TestIssuer.start();
        model = FakeOpenAiServer.start();
        app = RunningApp.start(Map.of("tracehound.auth.jwt.issuer-uri", issuer.issuer(),
                "tracehound.identity.default-workspace", "acme",
                "tracehound.usage.initial-delay", "1h",
                "tracehound.agent.base-url", model.baseUrl(),
                "tracehound.agent.api-key", "test-key",
                "tracehound.agent.model", FakeOpenAiServer.MODEL));
        owner = issuer.token("owner", "owner@acme.test");
        assertThat(call("GET", "/api/v1/me").status()).isEqualTo(200);
        shop = app.bean(ProjectDirectory.class).ensure("acme", "Acme", "shop", "Shop");
    }

    @AfterAll
    static void stop() {
        app.close();
        model.close();
        issuer.close();
    }

    @Test
    void theAgentsSandboxesAreMeteredShownAgainstThePlanAndRefusedOnFreeOnceItsMinutesAreUsed() throws Exception {
        UUID acme = shop.workspaceId();
        SandboxLeaseStore leases = app.bean(SandboxLeaseStore.class);

        // Free, with minutes left: the shell runs in a real sandbox, leased until the session is deleted.
        String first = newSession();
        Event ran = shellCall(first, "echo metered on $(hostname)");
        assertThat(ran.data().path("error").asBoolean()).as(ran.data().toString()).isFalse();
        assertThat(ran.data().path("content").asString()).contains("metered on");
        assertThat(call("DELETE", sessions() + "/" + first).status()).isEqualTo(204);
        List<SandboxLease> held = leases.ofSession(UUID.fromString(first));
        assertThat(held).hasSize(1);
        SandboxLease lease = held.getFirst();
        assertThat(lease.provider()).isEqualTo("docker");
        assertThat(lease.workspaceId()).isEqualTo(acme);
        assertThat(lease.projectId()).isEqualTo(shop.id());
        assertThat(lease.endedAt()).as("deleting the session released its sandbox").isPresent();
        assertThat(lease.minutes()).isEqualTo(1);
        System.out.printf("SandboxMinutesApiIT: the shell's sandbox %s was held %d ms: %d minute%n", lease.sandboxId(),
                Duration.between(lease.startedAt(), lease.endedAt().orElseThrow()).toMillis(), lease.minutes());

        JsonNode usage = call("GET", ws(acme, "/usage")).json();
        JsonNode minutes = meter(usage, "sandbox_minutes");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(minutes.path("quantity").asLong()).isEqualTo(1);
        assertThat(minutes.path("limit").asLong()).as("free's 60 minutes").isEqualTo(60);
        assertThat(minutes.path("fractionUsed").asDouble()).isCloseTo(1 / 60.0, within(1e-12));
        assertThat(minutes.path("days").size()).isEqualTo(today.getDayOfMonth());
        assertThat(minutes.path("days").get(today.getDayOfMonth() - 1).path("quantity").asLong()).isEqualTo(1);
        assertThat(minutes.path("forecast").asLong()).isGreaterThanOrEqualTo(1);

        // Free, its 60 minutes used: the next sandbox is refused, and the agent is told why.
        usedMinutes(acme, 59);
        app.bean(SandboxAllowance.class).forget(acme);
        String second = newSession();
        Event refused = shellCall(second, "echo never runs");
        assertThat(refused.data().path("error").asBoolean()).as(refused.data().toString()).isTrue();
        String month = YearMonth.now(ZoneOffset.UTC).getMonth().getDisplayName(java.time.format.TextStyle.FULL,
                java.util.Locale.ENGLISH);
        assertThat(refused.data().path("content").asString())
                .startsWith("Error: this workspace used its 60 sandbox minutes of the free plan this month (60 used in "
                        + month)
                .contains("upgrade at the web UI's /w/acme/billing for more")
                .contains("Tools that need no sandbox still work.");
        assertThat(leases.ofSession(UUID.fromString(second))).as("no sandbox was made").isEmpty();
        System.out.println("SandboxMinutesApiIT: the agent was told: " + refused.data().path("content").asString());

        // Indie, past its 600 minutes as well: sandboxes go on, the overage is billed.
        app.bean(WorkspacePlans.class).change(Actor.system(), acme, "indie");
        ((PlanEntitlements) app.bean(Entitlements.class)).forget(acme);
        usedMinutes(acme, 600);
        String third = newSession();
        Event paid = shellCall(third, "echo overage");
        assertThat(paid.data().path("error").asBoolean()).as(paid.data().toString()).isFalse();
        assertThat(paid.data().path("content").asString()).contains("overage");
        assertThat(call("DELETE", sessions() + "/" + third).status()).isEqualTo(204);

        JsonNode past = meter(call("GET", ws(acme, "/usage")).json(), "sandbox_minutes");
        assertThat(past.path("quantity").asLong()).isEqualTo(1 + 59 + 600 + 1);
        assertThat(past.path("limit").asLong()).as("indie's 600 minutes").isEqualTo(600);
        assertThat(past.path("fractionUsed").asDouble()).isGreaterThan(1);
    }

    /** A lease of {@code minutes} whole minutes started this month, as an earlier session's. */
    private static void usedMinutes(UUID workspace, long minutes) {
        Instant monthStart = YearMonth.now(ZoneOffset.UTC).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant start = Instant.now().minus(Duration.ofHours(2));
        start = start.isBefore(monthStart) ? monthStart : start;
        var leases = app.bean(SandboxLeaseStore.class);
        long id = leases.open(new NewLease(workspace, shop.id(), UUID.randomUUID(), "docker", "earlier", false, start));
        leases.end(id, start.plus(Duration.ofMinutes(minutes)));
    }

    /** Asks the agent one question it answers by running {@code command} with the shell; the tool's end. */
    private static Event shellCall(String session, String command) throws Exception {
        model.enqueue(Reply.toolCalls(new Call("sh-" + session.substring(0, 8), "shell",
                JSON.writeValueAsString(Map.of("command", command)))));
        model.enqueue(request -> Reply.text("The shell said: ", request.lastToolResult()));
        List<Event> events;
        try (var stream = SseClient.post(app.base() + sessions() + "/" + session + "/messages", owner,
                JSON.writeValueAsString(Map.of("text", "run it")))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.untilEnd(RUN);
        }
        assertThat(events.getLast().data().path("reason").asString()).as(SseClient.types(events).toString())
                .isEqualTo("completed");
        return events.stream().filter(e -> e.type().equals("tool.finished")).findFirst().orElseThrow();
    }

    private static String newSession() throws Exception {
        var created = HTTP.send(HttpRequest.newBuilder(URI.create(app.base() + sessions()))
                        .header("Authorization", "Bearer " + owner).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"minutes\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        return JSON.readTree(created.body()).path("id").asString();
    }

    private static String sessions() {
        return "/api/v1/projects/" + shop.id() + "/agent/sessions";
    }

    private static JsonNode meter(JsonNode usage, String name) {
        for (JsonNode meter : usage.path("meters")) {
            if (meter.path("meter").asString().equals(name)) {
                return meter;
            }
        }
        throw new AssertionError("no meter " + name + " in " + usage);
    }

    private static String ws(UUID workspace, String rest) {
        return "/api/v1/workspaces/" + workspace + rest;
    }

    record Answer(int status, JsonNode json, String text) {}

    private static Answer call(String method, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.base() + path)).header("Authorization", "Bearer " + owner)
                .method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.contains("json") && !response.body().isEmpty() ? JSON.readTree(response.body())
                : JSON.createObjectNode();
        return new Answer(response.statusCode(), json, response.body());
    }
}
