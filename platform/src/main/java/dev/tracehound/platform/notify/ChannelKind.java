package dev.tracehound.platform.notify;

/** How a channel delivers: a signed JSON webhook, a Slack-compatible incoming webhook, or email over SMTP. */
public enum ChannelKind {
    WEBHOOK("webhook"),
    SLACK("slack"),
    EMAIL("email");

    private final String wireName;

    ChannelKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ChannelKind fromWireName(String wireName) {
        for (ChannelKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown channel kind: " + wireName);
    }
}
