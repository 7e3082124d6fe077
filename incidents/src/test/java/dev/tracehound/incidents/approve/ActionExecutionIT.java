package dev.tracehound.incidents.approve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.approve.ApprovalException.Reason;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Running approved actions: the signed webhook call and its stored answer, never without the tier's
 * approvals and never twice, and the outcome told to the session; with a local receiver that checks
 * the signature with its own HMAC code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionExecutionIT {

    private static final String SECRET = "action-secret-" + UUID.randomUUID();

    private ApprovalsDatabase db;
    private ActionReceiver receiver;
    private final UUID session = UUID.randomUUID();

    @BeforeAll
    void migrate() {
        db = new ApprovalsDatabase();
    }

    @AfterAll
    void drop() {
        db.close();
    }

    @BeforeEach
    void start() throws Exception {
        db.reset();
        receiver = new ActionReceiver(SECRET);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static void refused(String message, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApprovalException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT)).hasMessageContaining(message);
    }

    @Test
    void theApprovedActionIsPostedSignedAndItsAnswerStored() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        receiver.answer(202, "{\"job\": \"rb-77\"}");
        ApprovalRequest request = db.propose("rollback_deploy", session);

        ApprovalRequest ran = db.approve(request, db.member, Role.MEMBER);

        assertThat(receiver.received()).singleElement().satisfies(received -> {
            assertThat(received.signatureValid()).as("HMAC checked by the receiver").isTrue();
            assertThat(received.signature()).startsWith("t=" + db.clock.instant().getEpochSecond() + ",v1=");
            assertThat(received.eventId()).isEqualTo("approval-" + request.id());
            JsonNode body = ApprovalsDatabase.JSON.readTree(received.body());
            assertThat(body.path("id").asString()).isEqualTo(request.id().toString());
            assertThat(body.path("action").asString()).isEqualTo("rollback_deploy");
            assertThat(body.path("input").path("version").asString()).isEqualTo("2.3.0");
            assertThat(body.path("reason").asString()).contains("after the 2.3.1 deploy");
            assertThat(body.path("workspace").asString()).isEqualTo(db.workspace.toString());
            assertThat(body.path("incident").isNull()).isTrue();
            assertThat(body.path("approved_by").get(0).asString()).isEqualTo(db.member.id().toString());
        });
        assertThat(ran.status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(ran.result()).hasValueSatisfying(result -> {
            assertThat(result.statusCode()).isEqualTo(202);
            assertThat(result.body()).isEqualTo("{\"job\": \"rb-77\"}");
            assertThat(result.error()).isEmpty();
        });
        assertThat(db.auditOf(request.id())).containsExactly("ACTION_PROPOSED", "ACTION_APPROVED", "ACTION_EXECUTED");
        assertThat(db.told).singleElement().satisfies(told -> {
            assertThat(told.sessionId()).isEqualTo(session);
            assertThat(told.text()).startsWith("[Tracehound] The action rollback_deploy you proposed")
                    .contains("approved by " + db.member.id(), "ran", "HTTP 202: {\"job\": \"rb-77\"}");
        });
    }

    @Test
    void aFailingWebhookLeavesTheRequestFailedWithItsAnswerTrimmed() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        receiver.answer(500, "x".repeat(5_000));
        ApprovalRequest request = db.propose("rollback_deploy", session);

        ApprovalRequest failed = db.approve(request, db.member, Role.MEMBER);

        assertThat(failed.status()).isEqualTo(ApprovalStatus.FAILED);
        assertThat(failed.result()).hasValueSatisfying(result -> {
            assertThat(result.statusCode()).isEqualTo(500);
            assertThat(result.body()).hasSize(ActionWebhook.BODY_LIMIT + 1).endsWith("x…");
            assertThat(result.error()).isEqualTo("the receiver answered HTTP 500");
        });
        assertThat(db.auditOf(request.id())).endsWith("ACTION_FAILED");
        assertThat(db.told).singleElement().satisfies(told -> assertThat(told.text()).contains("but failed"));
    }

    @Test
    void aPendingRequestDoesNotRunWhateverAsksForIt() throws Exception {
        db.action("rollback_deploy", RiskTier.HIGH, receiver.url(), SECRET);
        ApprovalRequest request = db.propose("rollback_deploy", session);
        db.approve(request, db.member, Role.MEMBER);

        refused("is pending, not approved", () -> db.requests.execute(request.id()));

        assertThat(receiver.received()).isEmpty();
        assertThat(db.requests.find(db.workspace, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void aRequestMarkedApprovedWithoutItsTiersVotesDoesNotRun() throws Exception {
        db.action("rollback_deploy", RiskTier.HIGH, receiver.url(), SECRET);
        ApprovalRequest request = db.propose("rollback_deploy", session);
        db.approve(request, db.member, Role.MEMBER);
        // As if a bug, or a hand in the database, set it approved: one member's vote is not high's rule.
        db.jdbc.sql("UPDATE approval_requests SET status = 'approved', decided_at = now() WHERE id = :id")
                .param("id", request.id()).update();

        refused("lacks the approvals of its tier (high: two people, one of them an owner)",
                () -> db.requests.execute(request.id()));
        db.clock.advance(Duration.ofMinutes(5));
        db.requests.escalateDue(db.clock.instant());

        assertThat(receiver.received()).isEmpty();
        assertThat(db.requests.find(db.workspace, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void anActionRunsOnceEvenWhenAskedAgain() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        ApprovalRequest request = db.propose("rollback_deploy", session);
        db.approve(request, db.member, Role.MEMBER);

        refused("ran already (executed); it is never run twice", () -> db.requests.execute(request.id()));
        db.clock.advance(Duration.ofMinutes(5));
        db.requests.escalateDue(db.clock.instant());

        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void anInfoActionRunsAtOnceWithoutVotesOrNotifications() throws Exception {
        db.action("open_ticket", RiskTier.INFO, receiver.url(), SECRET);

        ApprovalRequest ran = db.propose("open_ticket", session);

        assertThat(ran.status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(ran.votes()).isEmpty();
        assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(db.notified()).isEmpty();
        assertThat(db.auditOf(ran.id())).containsExactly("ACTION_PROPOSED", "ACTION_EXECUTED");
        // The tool gives the result to the model itself: the session is not told a second time.
        db.clock.advance(Duration.ofMinutes(5));
        db.requests.escalateDue(db.clock.instant());
        assertThat(db.told).isEmpty();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void anActionDisabledAfterItWasProposedFailsInsteadOfRunning() throws Exception {
        WorkspaceAction action = db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        ApprovalRequest request = db.propose("rollback_deploy", session);
        db.catalogue.setEnabled(db.workspace, ApprovalsDatabase.as(db.admin), action.id(), false);

        ApprovalRequest failed = db.approve(request, db.member, Role.MEMBER);

        assertThat(failed.status()).isEqualTo(ApprovalStatus.FAILED);
        assertThat(failed.result().orElseThrow().error()).contains("disabled in the catalogue after it was proposed");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aNewRequestIsNotifiedOnceToEveryEnabledChannel() throws Exception {
        var channels = new NotificationChannels(db.jdbc);
        NotificationChannel slack = channels.create(db.workspace, ChannelKind.SLACK, "#ops", "http://127.0.0.1:9/slack", null);
        NotificationChannel off = channels.create(db.workspace, ChannelKind.SLACK, "#old", "http://127.0.0.1:9/old", null);
        channels.setEnabled(off.id(), false);
        db.action("rollback_deploy", RiskTier.MEDIUM, receiver.url(), SECRET);

        ApprovalRequest request = db.propose("rollback_deploy", session);

        String key = "approval-" + request.id() + "/requested";
        assertThat(db.jdbc.sql("SELECT channel_id FROM notification_outbox WHERE idempotency_key = :k")
                .param("k", key).query(UUID.class).list()).containsExactlyInAnyOrder(db.channel.id(), slack.id());
        JsonNode sent = ApprovalsDatabase.JSON.readTree(db.jdbc.sql(
                "SELECT notification::text FROM notification_outbox WHERE channel_id = :c").param("c", db.channel.id())
                .query(String.class).single());
        assertThat(sent.path("kind").asString()).isEqualTo("approval-request");
        assertThat(sent.path("title").asString()).isEqualTo("Approve rollback_deploy? (medium)");
        assertThat(sent.path("text").asString()).contains("Who may approve: an admin or owner, until "
                + request.deadline());
        assertThat(sent.path("link").asString()).isEqualTo("https://tracehound.test/w/acme/approvals/" + request.id());
    }

    @Test
    void aSessionBusyWhenTheActionRanIsToldLaterAndOnce() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        ApprovalRequest request = db.propose("rollback_deploy", session);
        db.sessionTakes = false;

        db.approve(request, db.member, Role.MEMBER);
        db.requests.escalateDue(db.clock.instant());
        assertThat(db.told).isEmpty();

        db.sessionTakes = true;
        db.requests.escalateDue(db.clock.instant());
        db.requests.escalateDue(db.clock.instant());

        assertThat(db.told).singleElement().satisfies(told -> assertThat(told.text()).contains("ran"));
    }

    @Test
    void anApprovedRequestAnInstanceLeftUnrunIsRunByTheScheduler() throws Exception {
        db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
        ApprovalRequest request = db.propose("rollback_deploy", session);
        // As if the instance stopped between the approving vote's commit and the call.
        db.jdbc.sql("""
                INSERT INTO approval_votes (request_id, user_id, role, approve, tier, voted_at)
                VALUES (:id, :user, 'member', true, 'low', now())""").param("id", request.id())
                .param("user", db.member.id()).update();
        db.jdbc.sql("UPDATE approval_requests SET status = 'approved', decided_at = :at WHERE id = :id")
                .param("at", java.sql.Timestamp.from(db.clock.instant())).param("id", request.id()).update();

        db.requests.escalateDue(db.clock.instant());
        assertThat(receiver.received()).as("not before it was left for a while").isEmpty();
        db.clock.advance(ApprovalRequests.LEFT_AFTER);
        db.requests.escalateDue(db.clock.instant());

        assertThat(receiver.received()).hasSize(1);
        assertThat(db.requests.find(db.workspace, request.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXECUTED);
    }
}
