package dev.tracehound.incidents.alerting;

import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.Observation;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.incidents.Severity;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import dev.tracehound.platform.notify.RetryPolicy;
import dev.tracehound.platform.notify.SmtpSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A throw-away PostgreSQL with platform's, agent's and incidents' migrations, a workspace "acme" with its
 * project "shop" and two enabled channels (and one disabled), and the parts an engine is built from.
 */
final class AlertingDatabase implements AutoCloseable {

    static final String PUBLIC_URL = "https://tracehound.test/";
    /** A minute boundary, so one-minute slots start at T0 + n minutes. */
    static final Instant T0 = Instant.parse("2026-12-10T10:00:00Z");

    final ThrowawayPostgres postgres;
    final DataSource dataSource;
    final JdbcClient jdbc;
    final Project project;
    final NotificationChannel hook;
    final NotificationChannel slack;
    final NotificationChannel disabled;
    final NotificationOutbox outbox;
    final ScriptedDetection detection = new ScriptedDetection();
    final RecordingInvestigations investigations = new RecordingInvestigations();

    AlertingDatabase() {
        postgres = ThrowawayPostgres.create("alerting");
        dataSource = postgres.dataSource();
        Flyway.configure().dataSource(dataSource)
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS)
                .load().migrate();
        jdbc = JdbcClient.create(dataSource);
        project = new ProjectDirectory(jdbc).ensure("acme", "Acme", "shop", "Shop");
        NotificationChannels channels = new NotificationChannels(jdbc);
        hook = channels.create(project.workspaceId(), ChannelKind.WEBHOOK, "on-call hook", "http://127.0.0.1:9/hook",
                "whsec_test");
        slack = channels.create(project.workspaceId(), ChannelKind.SLACK, "#incidents", "http://127.0.0.1:9/slack",
                null);
        disabled = channels.create(project.workspaceId(), ChannelKind.SLACK, "#old", "http://127.0.0.1:9/old", null);
        channels.setEnabled(disabled.id(), false);
        outbox = new NotificationOutbox(dataSource, new SmtpSettings("127.0.0.1", 25, "alerts@tracehound.test", false,
                null, null), RetryPolicy.DEFAULT, Clock.fixed(T0, ZoneOffset.UTC));
    }

    IncidentEngine engine(String instanceId) {
        return new IncidentEngine(dataSource, detection, investigations, outbox, instanceId, PUBLIC_URL);
    }

    Incidents incidents() {
        return new Incidents(dataSource);
    }

    /** A rule of the project, every minute, notifying every enabled channel, investigating from high. */
    Check rule(String name, Map<String, String> labels) {
        return check("rule:" + UUID.randomUUID(), project, name, Optional.of(Severity.HIGH), List.of(), labels);
    }

    Check check(String source, Project in, String name, Optional<Severity> investigateFrom, List<UUID> channels,
            Map<String, String> labels) {
        Check check = new Check(source, in.workspaceId(), in.id(), name, Duration.ofMinutes(1), channels,
                investigateFrom, labels);
        detection.add(check);
        return check;
    }

    /** An observation of {@code check}'s series for {@code service} (and an optional route). */
    static Observation seen(Check check, String service, String route, Verdict verdict, Severity severity) {
        Map<String, String> labels = new HashMap<>();
        labels.put("service", service);
        labels.putAll(check.labels());
        labels.put("alertname", check.name());
        if (route != null) {
            labels.put("http.route", route);
        }
        String series = route == null ? service : service + "," + route;
        double value = verdict == Verdict.BREACHING ? 2310 : verdict == Verdict.HEALTHY ? 170 : Double.NaN;
        return new Observation(check.source(), series, labels, verdict, severity, value, 180, 500,
                "p99 latency " + (long) value + " ms against a typical 180 ms");
    }

    static Observation breaching(Check check, String service) {
        return seen(check, service, null, Verdict.BREACHING, Severity.HIGH);
    }

    static Observation healthy(Check check, String service) {
        return seen(check, service, null, Verdict.HEALTHY, Severity.HIGH);
    }

    static Instant minute(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    /** The outbox's idempotency keys for a channel, oldest first. */
    List<String> keysSentTo(NotificationChannel channel) {
        return outbox.deliveries(channel.id()).reversed().stream().map(NotificationOutbox.Delivery::idempotencyKey)
                .toList();
    }

    int outboxRows() {
        return jdbc.sql("SELECT count(*) FROM notification_outbox").query(Integer.class).single();
    }

    @Override
    public void close() {
        postgres.close();
    }
}
