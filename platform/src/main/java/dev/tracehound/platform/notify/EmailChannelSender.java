package dev.tracehound.platform.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Sends a notification as a plain-text email through the configured SMTP server. */
final class EmailChannelSender {

    private static final String TIMEOUT_MILLIS = "10000";

    private final SmtpSettings smtp;
    private final Session session;

    EmailChannelSender(SmtpSettings smtp) {
        this.smtp = smtp;
        this.session = smtp == null ? null : Session.getInstance(properties(smtp));
    }

    private static Properties properties(SmtpSettings smtp) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        properties.put("mail.smtp.auth", String.valueOf(smtp.authenticates()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        properties.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        return properties;
    }

    void send(NotificationChannel channel, Notification notification) throws DeliveryFailure {
        if (session == null) {
            throw new DeliveryFailure("no SMTP server is configured");
        }
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from(), true));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(channel.target(), true));
            message.setSubject(subject(notification), "UTF-8");
            message.setText(text(notification), "UTF-8");
            message.setHeader("X-Tracehound-Event-Id", notification.idempotencyKey());
            if (smtp.authenticates()) {
                Transport.send(message, smtp.user(), smtp.password());
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new DeliveryFailure("SMTP: " + e.getMessage(), e);
        }
    }

    static String subject(Notification n) {
        return "[Tracehound] " + n.kind().label() + ": " + n.title();
    }

    static String text(Notification n) {
        StringBuilder text = new StringBuilder(n.text());
        if (!n.labels().isEmpty()) {
            text.append("\n\nLabels: ").append(NotificationJson.labelLine(n));
        }
        if (n.link() != null) {
            text.append("\n\nOpen in Tracehound: ").append(n.link());
        }
        return text.append('\n').toString();
    }
}
