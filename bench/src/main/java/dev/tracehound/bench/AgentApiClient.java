package dev.tracehound.bench;

import static dev.tracehound.bench.AgentBenchmark.shorten;

import dev.tracehound.agent.EventTypes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The agent API as a browser uses it: create a session, post a message and read its stream to done. */
final class AgentApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentApiClient() {}

    /** What one client saw of its stream. */
    record Streamed(long toDoneNanos, String doneReason, Map<String, Long> types, String text,
            List<String> problems) {

        long events() {
            return types.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static String createSession(HttpClient http, String base, String project, String key, String title)
            throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + project
                        + "/agent/sessions")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("title", title).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating a session answered " + response.statusCode() + ": "
                    + shorten(response.body()));
        }
        return JSON.readTree(response.body()).path("id").asString();
    }

    /** Posts a message and reads the run's stream to its end, as a browser's EventSource would. */
    static Streamed send(HttpClient http, String base, String project, String session, String key, String text)
            throws Exception {
        long started = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + project
                        + "/agent/sessions/" + session + "/messages")).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("text", text).toString())).build(),
                HttpResponse.BodyHandlers.ofLines());
        var types = new LinkedHashMap<String, Long>();
        var problems = new ArrayList<String>();
        var answer = new StringBuilder();
        long toDone = -1;
        String reason = null;
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                problems.add("posting a message answered " + response.statusCode() + ": "
                        + shorten(String.join(" ", lines.toList())));
                return new Streamed(-1, null, types, "", problems);
            }
            String type = "message";
            var data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        types.merge(type, 1L, Long::sum);
                        JsonNode json = JSON.readTree(data.toString());
                        switch (type) {
                            case EventTypes.DONE -> {
                                toDone = System.nanoTime() - started;
                                reason = json.path("reason").asString();
                                if (!reason.equals("completed")) {
                                    problems.add("the run ended with reason " + reason);
                                }
                            }
                            case EventTypes.ERROR -> problems.add("an error event: " + shorten(data.toString()));
                            case EventTypes.MESSAGE_COMPLETED -> answer.append(json.path("text").asString());
                            default -> { }
                        }
                    }
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    type = value(line);
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(value(line));
                }
            }
        }
        if (toDone < 0) {
            problems.add("the stream ended without a done event");
        }
        return new Streamed(toDone, reason, types, answer.toString(), problems);
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
