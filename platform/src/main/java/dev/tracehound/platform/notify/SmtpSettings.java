package dev.tracehound.platform.notify;

import java.util.Objects;

/**
 * The SMTP server email channels send through. {@code startTls} requires STARTTLS; {@code user} null means
 * the server takes mail without logging in.
 */
public record SmtpSettings(String host, int port, String from, boolean startTls, String user, String password) {

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port out of range: " + port);
        }
    }

    boolean authenticates() {
        return user != null && !user.isBlank();
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", from " + from + ", startTls " + startTls + "]";
    }
}
