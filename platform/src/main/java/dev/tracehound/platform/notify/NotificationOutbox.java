package dev.tracehound.platform.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable outbox between events and channels. {@link #enqueue} writes one row per channel and event
 * (the UNIQUE key makes a repeat a no-op); {@link #deliverDue} sends the due rows, each inside its own
 * transaction that holds the row's lock ({@code FOR UPDATE SKIP LOCKED}), so with several instances each
 * row is sent by one. A crash between the send and the commit can repeat a delivery; receivers dedupe on
 * the event id, which stays the same.
 */
public final class NotificationOutbox {

    private static final System.Logger log = System.getLogger(NotificationOutbox.class.getName());
    private static final int ERROR_LIMIT = 1000;

    /** One outbox row as seen from outside: what, where, and how its delivery stands. */
    public record Delivery(
            long id, UUID channelId, String idempotencyKey, String status, int attempts, Instant nextAttemptAt,
            String lastError) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final HttpChannelSender http;
    private final EmailChannelSender email;
    private final RetryPolicy retry;
    private final Clock clock;

    public NotificationOutbox(DataSource dataSource, SmtpSettings smtp, RetryPolicy retry, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.http = new HttpChannelSender(clock);
        this.email = new EmailChannelSender(smtp);
        this.retry = retry;
        this.clock = clock;
    }

    /**
     * Queues {@code notification} for each of {@code channelIds} (channels of its workspace); returns how
     * many rows are new. The same event enqueued again, by this or another instance, adds nothing.
     */
    public int enqueue(Notification notification, Collection<UUID> channelIds) {
        String body = NotificationJson.webhookBody(notification);
        int added = 0;
        for (UUID channelId : channelIds) {
            added += jdbc.sql("""
                    INSERT INTO notification_outbox (channel_id, idempotency_key, notification, next_attempt_at)
                    SELECT c.id, :key, CAST(:body AS jsonb), :now
                    FROM notification_channels c
                    WHERE c.id = :channel AND c.workspace_id = :workspace
                    ON CONFLICT (channel_id, idempotency_key) DO NOTHING""")
                    .param("key", notification.idempotencyKey()).param("body", body)
                    .param("now", Timestamp.from(clock.instant()))
                    .param("channel", channelId).param("workspace", notification.workspaceId())
                    .update();
        }
        return added;
    }

    /** Sends every row due now, one at a time; returns how many were sent. */
    public int deliverDue() {
        int sent = 0;
        while (true) {
            Optional<Boolean> outcome = transaction.execute(status -> deliverNext());
            if (outcome == null || outcome.isEmpty()) {
                return sent;
            }
            if (outcome.get()) {
                sent++;
            }
        }
    }

    /** Claims, sends and settles the oldest due row; empty when none is due (or all are claimed elsewhere). */
    private Optional<Boolean> deliverNext() {
        Instant now = clock.instant();
        record Claimed(long id, String notification, int attempts, NotificationChannel channel) {}
        Optional<Claimed> claimed = jdbc.sql("""
                SELECT o.id, o.notification::text AS notification, o.attempts,
                       c.id AS channel_id, c.workspace_id, c.kind, c.name, c.target, c.secret, c.enabled, c.failing_since
                FROM notification_outbox o JOIN notification_channels c ON c.id = o.channel_id
                WHERE o.status = 'pending' AND o.next_attempt_at <= :now AND c.enabled
                ORDER BY o.next_attempt_at, o.id
                LIMIT 1
                FOR UPDATE OF o SKIP LOCKED""")
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getString("notification"), rs.getInt("attempts"),
                        new NotificationChannel(rs.getObject("channel_id", UUID.class),
                                rs.getObject("workspace_id", UUID.class), ChannelKind.fromWireName(rs.getString("kind")),
                                rs.getString("name"), rs.getString("target"), rs.getString("secret"),
                                rs.getBoolean("enabled"), null)))
                .optional();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Claimed row = claimed.get();
        int attempts = row.attempts() + 1;
        try {
            send(row.channel(), NotificationJson.parse(row.notification()));
        } catch (DeliveryFailure | RuntimeException e) {
            recordFailure(row.id(), row.channel(), attempts, now, e.getMessage());
            return Optional.of(false);
        }
        jdbc.sql("""
                UPDATE notification_outbox
                SET status = 'sent', attempts = :attempts, last_attempt_at = :now, last_error = NULL
                WHERE id = :id""")
                .param("attempts", attempts).param("now", Timestamp.from(now)).param("id", row.id()).update();
        jdbc.sql("UPDATE notification_channels SET failing_since = NULL WHERE id = :id AND failing_since IS NOT NULL")
                .param("id", row.channel().id()).update();
        return Optional.of(true);
    }

    private void send(NotificationChannel channel, Notification notification) throws DeliveryFailure {
        switch (channel.kind()) {
            case WEBHOOK -> http.sendWebhook(channel, notification);
            case SLACK -> http.sendSlack(channel, notification);
            case EMAIL -> email.send(channel, notification);
        }
    }

    private void recordFailure(long id, NotificationChannel channel, int attempts, Instant now, String error) {
        String message = error == null ? "unknown error" : error.substring(0, Math.min(error.length(), ERROR_LIMIT));
        boolean givenUp = attempts >= retry.maxAttempts();
        jdbc.sql("""
                UPDATE notification_outbox
                SET status = :status, attempts = :attempts, last_attempt_at = :now, next_attempt_at = :next,
                    last_error = :error
                WHERE id = :id""")
                .param("status", givenUp ? "failed" : "pending").param("attempts", attempts)
                .param("now", Timestamp.from(now))
                .param("next", Timestamp.from(givenUp ? now : now.plus(retry.delayAfter(attempts))))
                .param("error", message).param("id", id)
                .update();
        if (givenUp) {
            log.log(System.Logger.Level.WARNING, "notification {0} to {1} failed after {2} attempts: {3}", id, channel,
                    attempts, message);
        }
        if (givenUp || lastRowsAllFailed(channel.id())) {
            jdbc.sql("UPDATE notification_channels SET failing_since = :now WHERE id = :id AND failing_since IS NULL")
                    .param("now", Timestamp.from(now)).param("id", channel.id()).update();
        }
    }

    /** Whether the channel's last {@code failingAfter} attempted rows all failed their latest attempt. */
    private boolean lastRowsAllFailed(UUID channelId) {
        return jdbc.sql("""
                SELECT count(*) = :n AND bool_and(status <> 'sent' AND last_error IS NOT NULL)
                FROM (SELECT status, last_error FROM notification_outbox
                      WHERE channel_id = :channel AND last_attempt_at IS NOT NULL
                      ORDER BY last_attempt_at DESC, id DESC LIMIT :n) recent""")
                .param("n", retry.failingAfter()).param("channel", channelId)
                .query(Boolean.class).single();
    }

    /** The channel's latest 100 rows, newest first: pending, sent and failed alike. */
    public List<Delivery> deliveries(UUID channelId) {
        return jdbc.sql("""
                SELECT id, channel_id, idempotency_key, status, attempts, next_attempt_at, last_error
                FROM notification_outbox WHERE channel_id = :channel ORDER BY id DESC LIMIT 100""")
                .param("channel", channelId)
                .query((rs, n) -> new Delivery(rs.getLong("id"), rs.getObject("channel_id", UUID.class),
                        rs.getString("idempotency_key"), rs.getString("status"), rs.getInt("attempts"),
                        rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error")))
                .list();
    }
}
