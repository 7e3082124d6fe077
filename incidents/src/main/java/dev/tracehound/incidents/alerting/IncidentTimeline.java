package dev.tracehound.incidents.alerting;

import dev.tracehound.incidents.IncidentFeed;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes to an incident's timeline from outside the evaluation round: what investigations tell their
 * incident ({@link IncidentFeed}), and any other event through {@link #record} (the approvals'). A ready
 * report is also notified, to the incident's channels, unless the incident's firing was never notified
 * (all its alerts silenced).
 */
public final class IncidentTimeline implements IncidentFeed {

    private final EventRows events;
    private final IncidentRows incidents;
    private final IncidentNotifier notifier;
    private final TransactionTemplate transaction;
    private final Clock clock;

    /**
     * @param dataSource the data source {@code outbox} was built over, so a report's event and its
     *                   notification are written together
     * @param publicUrl  where people open the service, for the notification's link
     */
    public IncidentTimeline(DataSource dataSource, NotificationOutbox outbox, String publicUrl, Clock clock) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        this.events = new EventRows(jdbc);
        this.incidents = new IncidentRows(jdbc);
        this.notifier = new IncidentNotifier(outbox, new NotificationChannels(jdbc), events, publicUrl);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /**
     * Appends an event to the incident's timeline, now.
     *
     * @param kind   lower-case words joined by dashes, e.g. {@code approval-requested}
     * @param actor  a user id, or {@code tracehound} for what the service did
     * @param detail what the kind needs to be shown, as a JSON object
     * @throws IllegalArgumentException a malformed kind or actor, or no such incident
     */
    public void record(UUID incidentId, String kind, String actor, Map<String, ?> detail) {
        events.append(incidentId, clock.instant(), kind, actor, detail);
    }

    @Override
    public void investigationStarted(UUID incidentId, UUID investigationId, UUID sessionId) {
        record(incidentId, "investigation-started", EventRows.ACTOR, Json.fields(
                "investigation_id", investigationId.toString(), "session_id", sessionId.toString()));
    }

    @Override
    public void reportReady(UUID incidentId, UUID investigationId, String summary) {
        transaction.executeWithoutResult(status -> {
            var now = clock.instant();
            events.append(incidentId, now, "report-ready", EventRows.ACTOR, Json.fields(
                    "investigation_id", investigationId.toString(), "summary", summary));
            IncidentRow incident = incidents.find(incidentId).orElseThrow();
            if (incident.notified()) {
                notifier.reportReady(incident, investigationId, summary, now);
            }
        });
    }

    @Override
    public void investigationFailed(UUID incidentId, UUID investigationId, String reason) {
        record(incidentId, "investigation-failed", EventRows.ACTOR, Json.fields(
                "investigation_id", investigationId.toString(), "reason", reason));
    }
}
