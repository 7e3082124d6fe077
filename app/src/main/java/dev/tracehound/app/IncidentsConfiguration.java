package dev.tracehound.app;

import dev.tracehound.agent.AgentLoop;
import dev.tracehound.agent.session.SessionEvents;
import dev.tracehound.agent.session.SessionStore;
import dev.tracehound.analytics.ClickHouse;
import dev.tracehound.analytics.query.ServiceHealthQueries;
import dev.tracehound.analytics.query.SloQueries;
import dev.tracehound.analytics.query.TelemetryQueries;
import dev.tracehound.incidents.Detections;
import dev.tracehound.incidents.alerting.IncidentEngine;
import dev.tracehound.incidents.alerting.IncidentTimeline;
import dev.tracehound.incidents.alerting.Incidents;
import dev.tracehound.incidents.alerting.Silences;
import dev.tracehound.incidents.approve.ActionCatalogue;
import dev.tracehound.incidents.approve.ApprovalRequests;
import dev.tracehound.incidents.approve.ProposeActionTool;
import dev.tracehound.incidents.approve.SessionReplies;
import dev.tracehound.incidents.detect.Detectors;
import dev.tracehound.incidents.investigate.Investigations;
import dev.tracehound.incidents.rule.AlertRules;
import dev.tracehound.incidents.rule.RuleEvaluator;
import dev.tracehound.incidents.rule.RulePreview;
import dev.tracehound.incidents.slo.SloDetection;
import dev.tracehound.incidents.slo.SloEvaluator;
import dev.tracehound.incidents.slo.Slos;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import dev.tracehound.platform.notify.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Detection, incidents, investigations, approvals and notifications (docs/incidents.md): the stores,
 * the one evaluation engine, and the jobs every instance runs (leases and claims in PostgreSQL make
 * each piece of work one instance's).
 */
@Configuration(proxyBeanMethods = false)
class IncidentsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IncidentsConfiguration.class);

    @Bean
    NotificationChannels notificationChannels(DataSource dataSource) {
        return new NotificationChannels(JdbcClient.create(dataSource));
    }

    @Bean
    NotificationOutbox notificationOutbox(DataSource dataSource, NotificationProperties properties) {
        var smtp = properties.smtp().settings();
        log.info("notifications: email {}", smtp == null
                ? "off (no tracehound.notifications.smtp.host); webhook and Slack channels work"
                : "through " + smtp);
        return new NotificationOutbox(dataSource, smtp, RetryPolicy.DEFAULT, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    NotificationJob notificationJob(NotificationOutbox outbox, NotificationProperties properties, MeterRegistry meters) {
        var job = new NotificationJob(outbox, meters, properties.interval());
        job.start(Duration.ofSeconds(5));
        return job;
    }

    @Bean
    AlertRules alertRules(DataSource dataSource, NotificationChannels channels) {
        return new AlertRules(JdbcClient.create(dataSource), channels, Clock.systemUTC());
    }

    @Bean
    RulePreview rulePreview(TelemetryQueries queries) {
        return new RulePreview(queries.aggregates(), queries.logs(), queries.metrics(), Clock.systemUTC());
    }

    @Bean
    SloQueries sloQueries(ClickHouse clickHouse) {
        return new SloQueries(clickHouse);
    }

    @Bean
    Slos slos(DataSource dataSource) {
        return new Slos(dataSource, Clock.systemUTC());
    }

    @Bean
    Incidents incidents(DataSource dataSource) {
        return new Incidents(dataSource);
    }

    @Bean
    Silences silences(DataSource dataSource) {
        return new Silences(dataSource, Clock.systemUTC());
    }

    @Bean
    IncidentTimeline incidentTimeline(DataSource dataSource, NotificationOutbox outbox, IncidentLinks links) {
        return new IncidentTimeline(dataSource, outbox, links.base(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    Investigations investigations(DataSource dataSource, AgentLoop loop, SessionStore sessions, SessionEvents events,
            IncidentTimeline timeline, Entitlements entitlements, IncidentLinks links, IncidentsProperties properties) {
        return new Investigations(dataSource, loop, sessions, events, timeline, entitlements,
                workspace -> links.base() + "/w/" + workspace + "/billing", properties.investigations().settings(),
                Clock.systemUTC());
    }

    /**
     * Puts this instance's running investigations back in the queue before the agent's runs are
     * cancelled. Closing them only as a bean came after the loop's own stop: their runs ended as
     * cancelled while the investigations did not yet know the service was stopping, and each was
     * recorded as failed instead of going to another instance.
     */
    @Bean
    StopsEarly investigationsStopFirst(Investigations investigations) {
        return new StopsEarly(StopsEarly.INVESTIGATIONS, investigations::close);
    }

    @Bean
    IncidentEngine incidentEngine(DataSource dataSource, AlertRules rules, TelemetryQueries queries, ClickHouse clickHouse,
            ProjectDirectory projects, Slos slos, SloQueries sloQueries, Investigations investigations,
            NotificationOutbox outbox, IncidentLinks links, IncidentsProperties properties) {
        var evaluator = new RuleEvaluator(queries.aggregates(), queries.logs(), queries.metrics());
        var detectors = new Detectors(rules, evaluator, projects,
                new ServiceHealthQueries(clickHouse), properties.anomalies().settings());
        var sloDetection = new SloDetection(slos, new SloEvaluator(sloQueries), properties.sloInterval());
        return new IncidentEngine(dataSource, Detections.of(detectors, sloDetection), investigations, outbox,
                instanceId(), links.base());
    }

    @Bean
    ActionCatalogue actionCatalogue(DataSource dataSource) {
        return new ActionCatalogue(dataSource, Clock.systemUTC());
    }

    /** The loop is asked for at the first outcome: its tools include propose_action, which needs these requests. */
    @Bean
    ApprovalRequests approvalRequests(DataSource dataSource, ActionCatalogue catalogue, NotificationOutbox outbox,
            ObjectProvider<AgentLoop> loop, SessionStore sessions, IncidentTimeline timeline, IncidentLinks links) {
        return new ApprovalRequests(dataSource, catalogue, outbox,
                SessionReplies.through(loop::getObject, sessions, Clock.systemUTC()),
                request -> links.base() + "/w/" + request.workspaceId() + "/approvals", timeline::record,
                Clock.systemUTC());
    }

    @Bean
    ProposeActionTool proposeActionTool(ApprovalRequests requests, ObjectProvider<Investigations> investigations) {
        return new ProposeActionTool(requests, session -> investigations.getObject().incidentOfSession(session));
    }

    @Bean(destroyMethod = "close")
    IncidentsJob incidentsJob(IncidentEngine engine, Investigations investigations, ApprovalRequests approvals,
            IncidentsProperties properties, MeterRegistry meters) {
        var job = new IncidentsJob(engine, investigations, approvals, meters, properties.tick());
        if (properties.enabled()) {
            job.start(Duration.ofSeconds(10));
            log.info("incidents: anomaly detectors {}, rules and SLOs evaluated; every {} s this instance looks for due checks",
                    properties.anomalies().enabled() ? "on (" + properties.anomalies().settings().window().toMinutes() + "-minute windows)" : "off",
                    properties.tick().toSeconds());
        } else {
            log.info("incidents: evaluation off here (tracehound.incidents.enabled=false)");
        }
        return job;
    }

    @Bean
    IncidentLinks incidentLinks(IncidentsProperties properties, @Value("${server.port:8080}") int port) {
        String base = properties.publicUrl() == null || properties.publicUrl().isBlank()
                ? "http://localhost:" + port : properties.publicUrl().replaceAll("/+$", "");
        return new IncidentLinks(base);
    }

    /** The web UI's address, for links in notifications. */
    record IncidentLinks(String base) {}

    /** This instance, in evaluation leases and claims: the host and process, and a random part for restarts. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
