package dev.tracehound.incidents.alerting;

import static dev.tracehound.incidents.alerting.AlertingDatabase.T0;
import static dev.tracehound.incidents.alerting.AlertingDatabase.breaching;
import static dev.tracehound.incidents.alerting.AlertingDatabase.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.IncidentContext;
import dev.tracehound.incidents.MutableClock;
import dev.tracehound.incidents.Observation.Verdict;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.notify.NotificationOutbox;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What investigations and approvals write to an incident, and the read side the API and the UI use. */
class IncidentTimelineIT {

    private AlertingDatabase db;
    private MutableClock clock;
    private IncidentTimeline timeline;
    private IncidentSummary incident;

    @BeforeEach
    void setUp() {
        db = new AlertingDatabase();
        clock = new MutableClock(minute(2));
        timeline = new IncidentTimeline(db.dataSource, db.outbox, AlertingDatabase.PUBLIC_URL, clock);
        Check latency = db.rule("checkout latency", Map.of());
        db.detection.sees(latency, breaching(latency, "checkout"));
        IncidentEngine engine = db.engine("a");
        engine.round(minute(0));
        engine.round(minute(1));
        incident = db.incidents().list(db.project.id(), Incidents.Status.ALL, 10).getFirst();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<TimelineEvent> events() {
        return db.incidents().detail(db.project.id(), incident.id()).orElseThrow().timeline();
    }

    @Test
    void aReadyReportIsOnTheTimelineAndNotifiedOnceWithItsSummaryAndLink() {
        UUID investigation = UUID.randomUUID();
        timeline.investigationStarted(incident.id(), investigation, UUID.randomUUID());
        timeline.reportReady(incident.id(), investigation, "checkout 2.3.1 fails on stripe_v3 (confidence high)");
        timeline.reportReady(incident.id(), investigation, "checkout 2.3.1 fails on stripe_v3 (confidence high)");

        String key = "incident-" + incident.id() + "/report-" + investigation;
        assertThat(db.keysSentTo(db.hook)).containsExactly("incident-" + incident.id() + "/firing", key);
        String body = db.jdbc.sql("SELECT notification::text FROM notification_outbox WHERE idempotency_key = :key "
                + "AND channel_id = :channel").param("key", key).param("channel", db.hook.id())
                .query(String.class).single();
        JsonNode json = JsonMapper.builder().build().readTree(body);
        assertThat(json.path("kind").asString()).isEqualTo("report-ready");
        assertThat(json.path("text").asString()).isEqualTo("checkout 2.3.1 fails on stripe_v3 (confidence high)");
        assertThat(json.path("link").asString()).isEqualTo("https://tracehound.test/w/" + db.project.workspaceId()
                + "/p/" + db.project.id() + "/incidents/" + incident.id());
        assertThat(events()).extracting(TimelineEvent::kind).containsExactly("fired", "notified",
                "investigation-started", "report-ready", "notified", "report-ready");
        assertThat(events().get(3).at()).isEqualTo(minute(2));
    }

    @Test
    void aFailedInvestigationAndAnApprovalAreRecorded() {
        UUID investigation = UUID.randomUUID();
        timeline.investigationFailed(incident.id(), investigation, "the workspace's budget is spent");
        timeline.record(incident.id(), "approval-requested", "tracehound", Map.of("action", "rollback", "tier", "medium"));
        timeline.record(incident.id(), "approval-granted", "user-7", Map.of("action", "rollback"));

        assertThat(events()).extracting(TimelineEvent::kind).endsWith("investigation-failed", "approval-requested",
                "approval-granted");
        assertThat(events().getLast().actor()).isEqualTo("user-7");
        assertThat(events().get(2).detail()).containsEntry("reason", "the workspace's budget is spent");
        assertThatThrownBy(() -> timeline.record(incident.id(), "Approval Granted", "user-7", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> timeline.record(UUID.randomUUID(), "approval-granted", "user-7", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no incident");
    }

    @Test
    void theReadSideListsShowsAndGivesTheContextOnlyWithinItsProject() {
        Incidents incidents = db.incidents();
        assertThat(incidents.list(db.project.id(), Incidents.Status.OPEN, 10)).containsExactly(incident);
        assertThat(incidents.list(db.project.id(), Incidents.Status.RESOLVED, 10)).isEmpty();
        assertThat(incidents.alerts(db.project.id())).singleElement().satisfies(alert -> {
            assertThat(alert.state()).isEqualTo("firing");
            assertThat(alert.incidentId()).isEqualTo(incident.id());
            assertThat(alert.value()).isEqualTo(2310.0);
            assertThat(alert.since()).isEqualTo(minute(1));
        });
        IncidentContext context = incidents.context(db.project.id(), incident.id()).orElseThrow();
        assertThat(context.title()).isEqualTo(incident.title());
        assertThat(context.openedAt()).isEqualTo(minute(1));
        assertThat(context.firing()).singleElement().satisfies(o -> assertThat(o.verdict()).isEqualTo(Verdict.BREACHING));

        Project other = new ProjectDirectory(db.jdbc).ensure("globex", "Globex", "web", "Web");
        assertThat(incidents.detail(other.id(), incident.id())).isEmpty();
        assertThat(incidents.context(other.id(), incident.id())).isEmpty();
        assertThat(incidents.list(other.id(), Incidents.Status.ALL, 10)).isEmpty();
        assertThat(incidents.alerts(other.id())).isEmpty();
        assertThatThrownBy(() -> incidents.list(db.project.id(), Incidents.Status.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Incidents.Status.parse("resolved")).isEqualTo(Incidents.Status.RESOLVED);
        assertThat(T0).isBefore(incident.openedAt());
    }

    @Test
    void theIncidentsListIsNewestFirstAndLimited() {
        Check errors = db.rule("payments errors", Map.of());
        db.detection.sees(errors, breaching(errors, "payments"));
        IncidentEngine engine = db.engine("a");
        engine.round(minute(2));
        engine.round(minute(3));

        assertThat(db.incidents().list(db.project.id(), Incidents.Status.ALL, 10)).extracting(IncidentSummary::service)
                .containsExactly("payments", "checkout");
        assertThat(db.incidents().list(db.project.id(), Incidents.Status.ALL, 1)).extracting(IncidentSummary::service)
                .containsExactly("payments");
        assertThat(db.outbox).isInstanceOf(NotificationOutbox.class);
    }
}
