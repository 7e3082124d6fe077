package dev.tracehound.incidents.alerting;

import static dev.tracehound.incidents.alerting.AlertingDatabase.T0;
import static dev.tracehound.incidents.alerting.AlertingDatabase.breaching;
import static dev.tracehound.incidents.alerting.AlertingDatabase.healthy;
import static dev.tracehound.incidents.alerting.AlertingDatabase.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.Check;
import dev.tracehound.incidents.MutableClock;
import dev.tracehound.platform.Project;
import dev.tracehound.platform.ProjectDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SilencesIT {

    private static final Duration HOUR = Duration.ofHours(1);

    private AlertingDatabase db;
    private MutableClock clock;
    private Silences silences;
    private IncidentEngine engine;
    private Check latency;

    @BeforeEach
    void setUp() {
        db = new AlertingDatabase();
        clock = new MutableClock(T0);
        silences = new Silences(db.dataSource, clock);
        engine = db.engine("a");
        latency = db.rule("checkout latency", Map.of());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private Silence silence(SilenceMatcher... matchers) {
        return silences.create(db.project.workspaceId(), List.of(matchers), null, T0.plus(HOUR), "user-7",
                "deploying checkout 2.3.2");
    }

    private IncidentDetail fireCheckout() {
        db.detection.sees(latency, breaching(latency, "checkout"));
        engine.round(minute(0));
        engine.round(minute(1));
        IncidentSummary incident = db.incidents().list(db.project.id(), Incidents.Status.OPEN, 10).getFirst();
        return db.incidents().detail(db.project.id(), incident.id()).orElseThrow();
    }

    @Test
    void aMatchingSilenceSuppressesNotificationsAndTheInvestigationButTheIncidentIsShown() {
        Silence silence = silence(new SilenceMatcher("service", "checkout", false));

        IncidentDetail detail = fireCheckout();

        assertThat(detail.incident().notified()).isFalse();
        assertThat(detail.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.silencedBy()).isEqualTo(silence.id()));
        assertThat(detail.timeline()).extracting(TimelineEvent::kind).containsExactly("fired", "silenced");
        assertThat(detail.timeline().get(1).detail()).containsEntry("silence_id", silence.id().toString())
                .containsEntry("created_by", "user-7").containsEntry("comment", "deploying checkout 2.3.2");
        assertThat(db.outboxRows()).isZero();
        assertThat(db.investigations.requests()).isEmpty();

        db.detection.sees(latency, healthy(latency, "checkout"));
        for (int m = 2; m < 5; m++) {
            engine.round(minute(m));
        }
        assertThat(db.incidents().list(db.project.id(), Incidents.Status.RESOLVED, 10)).hasSize(1);
        assertThat(db.outboxRows()).as("nor is its resolve notified").isZero();
    }

    @Test
    void anExpiredSilenceSuppressesNothing() {
        Silence silence = silence(new SilenceMatcher("service", "checkout", false));
        clock.set(T0.plusSeconds(10));
        assertThat(silences.expire(db.project.workspaceId(), silence.id(), "user-8")).get()
                .satisfies(s -> assertThat(s.expiredBy()).isEqualTo("user-8"))
                .satisfies(s -> assertThat(s.endsAt()).isEqualTo(T0.plusSeconds(10)));

        IncidentDetail detail = fireCheckout();

        assertThat(detail.incident().notified()).isTrue();
        assertThat(detail.timeline()).extracting(TimelineEvent::kind).containsExactly("fired", "notified");
        assertThat(db.keysSentTo(db.hook)).containsExactly("incident-" + detail.incident().id() + "/firing");
        assertThat(db.investigations.requests()).hasSize(1);
    }

    @Test
    void aSilenceThatDoesNotMatchEveryMatcherSuppressesNothing() {
        silence(new SilenceMatcher("service", "checkout", false), new SilenceMatcher("severity", "critical", false));

        IncidentDetail detail = fireCheckout();

        assertThat(detail.incident().notified()).as("the alert is high, not critical").isTrue();
    }

    @Test
    void aRegexMatcherMatchesTheWholeLabelValue() {
        Silence silence = silence(new SilenceMatcher("service", "check.*|cart", true));
        db.detection.sees(latency, breaching(latency, "checkout"), breaching(latency, "payments"),
                breaching(latency, "cart"), breaching(latency, "recheckout"));
        engine.round(minute(0));
        engine.round(minute(1));

        var byService = db.incidents().list(db.project.id(), Incidents.Status.OPEN, 10).stream()
                .collect(java.util.stream.Collectors.toMap(IncidentSummary::service, IncidentSummary::notified));
        assertThat(byService).containsExactlyInAnyOrderEntriesOf(
                Map.of("checkout", false, "cart", false, "payments", true, "recheckout", true));
        assertThat(silence.matches(Map.of("service", "checkout"))).isTrue();
        assertThat(silence.matches(Map.of("service", "checkouts-eu"))).isTrue();
        assertThat(silence.matches(Map.of("service", "my-checkout"))).isFalse();
        assertThat(silence.matches(Map.of())).as("a missing label is the empty string").isFalse();
        assertThat(new SilenceMatcher("region", "", false).matches(Map.of())).isTrue();
    }

    @Test
    void anAlertStillFiringWhenItsSilenceEndsIsNotifiedThen() {
        Silence silence = silences.create(db.project.workspaceId(),
                List.of(new SilenceMatcher("service", "checkout", false)), null, minute(3), "user-7", "maintenance");

        fireCheckout();
        engine.round(minute(2));
        assertThat(db.outboxRows()).isZero();
        engine.round(minute(3));

        IncidentSummary incident = db.incidents().list(db.project.id(), Incidents.Status.OPEN, 10).getFirst();
        assertThat(db.keysSentTo(db.hook)).containsExactly("incident-" + incident.id() + "/firing");
        var timeline = db.incidents().detail(db.project.id(), incident.id()).orElseThrow().timeline();
        assertThat(timeline).extracting(TimelineEvent::kind).containsExactly("fired", "silenced", "unsilenced",
                "notified");
        assertThat(timeline.get(2).detail()).containsEntry("silence_id", silence.id().toString());
        assertThat(db.investigations.requests()).hasSize(1);
    }

    @Test
    void aSilenceIsRefusedWithoutAMatcherAValidRegexOrAnEndAfterItsStart() {
        UUID workspace = db.project.workspaceId();
        var checkout = List.of(new SilenceMatcher("service", "checkout", false));
        assertThatThrownBy(() -> silences.create(workspace, List.of(), null, T0.plus(HOUR), "u", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one matcher");
        assertThatThrownBy(() -> new SilenceMatcher("service", "check(out", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> silences.create(workspace, checkout, T0.plus(HOUR), T0.plus(HOUR), "u", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end after it starts");
        assertThatThrownBy(() -> silences.create(workspace, checkout, T0.minus(HOUR), T0.minusSeconds(1), "u", "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already over");
        assertThatThrownBy(() -> silences.create(workspace, checkout, null, T0.plus(HOUR), "u", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comment");
        assertThat(silences.list(workspace, Silences.Listing.ALL)).isEmpty();
    }

    @Test
    void silencesAreListedAndExpiredWithinTheirWorkspaceOnly() {
        Silence current = silence(new SilenceMatcher("service", "checkout", false));
        Silence later = silences.create(db.project.workspaceId(), List.of(new SilenceMatcher("service", "cart", false)),
                T0.plus(HOUR), T0.plus(HOUR.multipliedBy(2)), "user-7", "tomorrow's maintenance");
        Silence ended = silences.create(db.project.workspaceId(), List.of(new SilenceMatcher("service", "a", false)),
                null, T0.plusSeconds(60), "user-7", "short");
        Project other = new ProjectDirectory(db.jdbc).ensure("globex", "Globex", "web", "Web");

        clock.set(T0.plusSeconds(120));
        assertThat(silences.list(db.project.workspaceId(), Silences.Listing.CURRENT)).extracting(Silence::id)
                .containsExactly(later.id(), current.id());
        assertThat(silences.list(db.project.workspaceId(), Silences.Listing.ALL)).extracting(Silence::id)
                .containsExactly(later.id(), current.id(), ended.id());
        assertThat(later.statusAt(clock.instant())).isEqualTo("pending");
        assertThat(ended.statusAt(clock.instant())).isEqualTo("expired");

        assertThat(silences.list(other.workspaceId(), Silences.Listing.ALL)).isEmpty();
        assertThat(silences.expire(other.workspaceId(), current.id(), "intruder")).isEmpty();
        assertThat(silences.find(db.project.workspaceId(), current.id())).get()
                .satisfies(s -> assertThat(s.expiredBy()).isNull());

        Instant at = clock.instant();
        assertThat(silences.expire(db.project.workspaceId(), later.id(), "user-8")).get().satisfies(s -> {
            assertThat(s.statusAt(at)).isEqualTo("expired");
            assertThat(s.startsAt()).isEqualTo(at);
        });
        assertThat(silences.list(db.project.workspaceId(), Silences.Listing.CURRENT)).extracting(Silence::id)
                .containsExactly(current.id());
    }
}
