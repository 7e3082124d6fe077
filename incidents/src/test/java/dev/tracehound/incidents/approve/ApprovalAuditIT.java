package dev.tracehound.incidents.approve;

import static dev.tracehound.incidents.approve.ApprovalsDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.Role;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every audit action of the catalogue and the approval requests, each made to happen on its own: it
 * writes exactly one row naming it, by a person or, for what the service does, by the system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalAuditIT {

    private static final String SECRET = "action-secret-" + UUID.randomUUID();

    private ApprovalsDatabase db;
    private ActionReceiver receiver;

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

    @FunctionalInterface
    private interface Act {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(value = AuditAction.class, mode = EnumSource.Mode.MATCH_ALL, names = "ACTION_.*")
    void theActionWritesExactlyOneRowNamingIt(AuditAction action) throws Exception {
        Act act = prepare(action);
        long before = rows();

        act.run();

        assertThat(rows()).isEqualTo(before + 1);
        assertThat(db.jdbc.sql("SELECT action || ' by ' || actor_kind FROM audit_log ORDER BY id DESC LIMIT 1")
                .query(String.class).single()).isEqualTo(action.name() + " by " + switch (action) {
                    case ACTION_CREATED, ACTION_ENABLED, ACTION_DISABLED, ACTION_DELETED, ACTION_APPROVED, ACTION_DENIED ->
                            "user";
                    default -> "system";
                });
    }

    private Act prepare(AuditAction action) throws Exception {
        return switch (action) {
            case ACTION_CREATED -> () -> db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
            case ACTION_ENABLED -> {
                WorkspaceAction made = db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
                db.catalogue.setEnabled(db.workspace, as(db.admin), made.id(), false);
                yield () -> db.catalogue.setEnabled(db.workspace, as(db.admin), made.id(), true);
            }
            case ACTION_DISABLED -> {
                WorkspaceAction made = db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
                yield () -> db.catalogue.setEnabled(db.workspace, as(db.admin), made.id(), false);
            }
            case ACTION_DELETED -> {
                WorkspaceAction made = db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
                yield () -> db.catalogue.delete(db.workspace, as(db.admin), made.id());
            }
            case ACTION_PROPOSED -> {
                db.action("rollback_deploy", RiskTier.LOW, receiver.url(), SECRET);
                yield () -> db.propose("rollback_deploy", UUID.randomUUID());
            }
            case ACTION_APPROVED -> {
                ApprovalRequest request = proposed(RiskTier.HIGH);
                yield () -> db.approve(request, db.owner, Role.OWNER);
            }
            case ACTION_DENIED -> {
                ApprovalRequest request = proposed(RiskTier.LOW);
                yield () -> db.deny(request, db.member, Role.MEMBER);
            }
            case ACTION_ESCALATED -> {
                proposed(RiskTier.LOW);
                db.clock.advance(Duration.ofMinutes(15));
                yield () -> db.requests.escalateDue(db.clock.instant());
            }
            case ACTION_EXPIRED -> {
                proposed(RiskTier.CRITICAL);
                db.clock.advance(Duration.ofHours(2));
                yield () -> db.requests.escalateDue(db.clock.instant());
            }
            case ACTION_EXECUTED -> {
                ApprovalRequest request = approvedWithoutRunning();
                yield () -> db.requests.execute(request.id());
            }
            case ACTION_FAILED -> {
                ApprovalRequest request = approvedWithoutRunning();
                receiver.answer(503, "");
                yield () -> db.requests.execute(request.id());
            }
            default -> throw new IllegalArgumentException(action + " is not the approvals'");
        };
    }

    private ApprovalRequest proposed(RiskTier tier) throws InterruptedException {
        db.action("rollback_deploy", tier, receiver.url(), SECRET);
        return db.propose("rollback_deploy", UUID.randomUUID());
    }

    /** A low request with its member's vote, approved as the vote's transaction leaves it, not run yet. */
    private ApprovalRequest approvedWithoutRunning() throws InterruptedException {
        ApprovalRequest request = proposed(RiskTier.LOW);
        db.jdbc.sql("""
                INSERT INTO approval_votes (request_id, user_id, role, approve, tier, voted_at)
                VALUES (:id, :user, 'member', true, 'low', :at)""").param("id", request.id())
                .param("user", db.member.id()).param("at", Timestamp.from(db.clock.instant())).update();
        db.jdbc.sql("UPDATE approval_requests SET status = 'approved', decided_at = :at WHERE id = :id")
                .param("at", Timestamp.from(db.clock.instant())).param("id", request.id()).update();
        return request;
    }

    private long rows() {
        return db.jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
    }
}
