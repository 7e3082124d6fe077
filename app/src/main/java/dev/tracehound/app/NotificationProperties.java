package dev.tracehound.app;

import dev.tracehound.platform.notify.SmtpSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where notifications go out from ({@code tracehound.notifications.*}).
 *
 * @param interval how often each instance sends the outbox's due rows
 * @param smtp     the SMTP server email channels send through; without a host, email channels' rows
 *                 fail with that reason (and are retried) while the other channels work
 */
@ConfigurationProperties("tracehound.notifications")
record NotificationProperties(Duration interval, Smtp smtp) {

    NotificationProperties {
        interval = interval == null ? Duration.ofSeconds(10) : interval;
        smtp = smtp == null ? new Smtp(null, 25, null, false, null, null) : smtp;
    }

    /** The password is read from the environment only and never printed ({@link SmtpSettings#toString}). */
    record Smtp(String host, int port, String from, boolean startTls, String user, String password) {

        SmtpSettings settings() {
            if (host == null || host.isBlank()) {
                return null;
            }
            return new SmtpSettings(host, port, from == null || from.isBlank() ? "tracehound@localhost" : from, startTls,
                    user, password);
        }
    }
}
