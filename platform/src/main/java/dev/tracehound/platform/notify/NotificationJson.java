package dev.tracehound.platform.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON a generic webhook receives (also what the outbox stores), and the Slack payload. */
final class NotificationJson {

    /** Slack refuses a header block over 150 characters. */
    private static final int SLACK_HEADER_LIMIT = 150;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NotificationJson() {}

    static String webhookBody(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", n.idempotencyKey());
        body.put("kind", n.kind().wireName());
        body.put("workspaceId", n.workspaceId().toString());
        body.put("title", n.title());
        body.put("text", n.text());
        body.put("link", n.link());
        body.put("labels", new TreeMap<>(n.labels()));
        return JSON.writeValueAsString(body);
    }

    static Notification parse(String webhookBody) {
        JsonNode node = JSON.readTree(webhookBody);
        Map<String, String> labels = new LinkedHashMap<>();
        node.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        JsonNode link = node.path("link");
        return new Notification(
                UUID.fromString(node.path("workspaceId").asString()),
                Notification.Kind.fromWireName(node.path("kind").asString()),
                node.path("title").asString(),
                node.path("text").asString(),
                link.isNull() || link.isMissingNode() ? null : link.asString(),
                labels,
                node.path("id").asString());
    }

    /** Slack's incoming-webhook payload: {@code text} is the fallback, {@code blocks} the formatted message. */
    static String slackBody(Notification n) {
        String header = n.kind().label() + ": " + n.title();
        if (header.length() > SLACK_HEADER_LIMIT) {
            header = header.substring(0, SLACK_HEADER_LIMIT - 1) + "…";
        }
        var blocks = new ArrayList<Map<String, Object>>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", header)));
        if (!n.text().isBlank()) {
            blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", n.text())));
        }
        if (!n.labels().isEmpty()) {
            blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", labelLine(n)))));
        }
        if (n.link() != null) {
            blocks.add(Map.of("type", "actions", "elements", List.of(Map.of(
                    "type", "button", "text", Map.of("type", "plain_text", "text", "Open in Tracehound"),
                    "url", n.link()))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", header + (n.link() == null ? "" : " " + n.link()));
        body.put("blocks", blocks);
        return JSON.writeValueAsString(body);
    }

    static String labelLine(Notification n) {
        return new TreeMap<>(n.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
