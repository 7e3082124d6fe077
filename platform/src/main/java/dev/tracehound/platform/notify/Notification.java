package dev.tracehound.platform.notify;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event to tell people about. {@code idempotencyKey} names the event (e.g. {@code incident-42/firing}):
 * the outbox keeps one row per channel and key, so the same event is never sent twice.
 */
public record Notification(
        UUID workspaceId, Kind kind, String title, String text, String link, Map<String, String> labels,
        String idempotencyKey) {

    public enum Kind {
        FIRING("firing", "Firing"),
        REPORT_READY("report-ready", "Report ready"),
        RESOLVED("resolved", "Resolved"),
        APPROVAL_REQUEST("approval-request", "Approval requested"),
        /** Sent by hand from the channel's settings, to check it works. */
        TEST("test", "Test");

        private final String wireName;
        private final String label;

        Kind(String wireName, String label) {
            this.wireName = wireName;
            this.label = label;
        }

        /** The name in JSON bodies and the database. */
        public String wireName() {
            return wireName;
        }

        /** The words people read in a subject or a Slack header. */
        public String label() {
            return label;
        }

        public static Kind fromWireName(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(wireName)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown notification kind: " + wireName);
        }
    }

    public Notification {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        text = text == null ? "" : text;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw new IllegalArgumentException("an idempotency key of 1 to 200 characters is required");
        }
    }
}
