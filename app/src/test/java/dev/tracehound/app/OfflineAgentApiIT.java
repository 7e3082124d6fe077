package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.app.SseClient.Event;
import dev.tracehound.platform.ProjectDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a new user gets with no model configured: the service with its demo data, a question
 * posted to a new session, and the built-in offline investigator streaming its tool calls and
 * an answer that names the injected cause, citing traces that exist.
 */
class OfflineAgentApiIT {

    private static final String READ_KEY = "thk_demo_read_local_only_not_secret";
    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

    private static RunningApp app;
    private static String project;

    @BeforeAll
    static void start() {
        app = RunningApp.start(Map.of("tracehound.demo.enabled", "true", "tracehound.demo.target-spans", "100000"));
        project = app.bean(ProjectDirectory.class).find("demo", "shop").orElseThrow().id().toString();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theOfflineInvestigatorFindsTheDemoIncident() throws Exception {
        String sessions = app.base() + "/api/v1/projects/" + project + "/agent/sessions";
        var created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sessions))
                .header("Authorization", "Bearer " + READ_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String session = JsonMapper.builder().build().readTree(created.body()).get("id").asString();

        List<Event> events;
        try (var stream = SseClient.post(sessions + "/" + session + "/messages", READ_KEY,
                "{\"text\": \"Why is checkout slow since this morning?\"}")) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.untilEnd(Duration.ofMinutes(3));
        }

        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(events.getLast().data().get("reason").asString()).as(SseClient.types(events).toString())
                .isEqualTo("completed");
        var started = events.stream().filter(e -> e.type().equals("tool.started")).toList();
        assertThat(started).hasSizeGreaterThan(3);
        assertThat(started).extracting(e -> e.data().get("tool").asString())
                .contains("aggregate", "bubbleup", "trace_search");
        String answer = events.stream().filter(e -> e.type().equals("message.completed")).findFirst().orElseThrow()
                .data().get("text").asString();
        assertThat(answer).contains("checkout", "2.3.1", "payment.provider", "stripe_v3");

        Matcher cited = TRACE_ID.matcher(answer);
        assertThat(cited.find()).as(answer).isTrue();
        long spans = app.clickHouse().count(
                "SELECT count() AS c FROM spans WHERE project_id = '" + project + "' AND trace_id = '" + cited.group() + "'");
        assertThat(spans).as("spans of the cited trace %s", cited.group()).isPositive();
    }
}
