package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.ApiKeys.Scope;
import dev.tracehound.platform.SeatLimit;
import dev.tracehound.platform.billing.Plans;
import dev.tracehound.platform.billing.WorkspacePlans;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every audited action, enumerated: a new one does not compile until it has a case here. */
class EveryAdminActionIsAuditedOnceIT {

    private IdentityDatabase db;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @ParameterizedTest
    @EnumSource(AuditAction.class)
    void theActionWritesExactlyOneRowNamingIt(AuditAction action) {
        Runnable act = prepare(action);
        long before = allRows();

        act.run();

        assertThat(allRows()).isEqualTo(before + 1);
        assertThat(db.jdbc.sql("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").query(String.class).single())
                .isEqualTo(action.name());
    }

    /** Sets the scene for the action and returns the action itself. */
    private Runnable prepare(AuditAction action) {
        if (action == AuditAction.WORKSPACE_CLAIMED_BY_FIRST_USER) {
            return () -> db.signIn("olivia");
        }
        User owner = db.signIn("olivia");
        UUID workspace = db.defaultWorkspace();
        Actor actor = as(owner);
        var keys = db.keys(Clock.systemUTC());
        var invitations = db.invitations(Clock.systemUTC());
        return switch (action) {
            case WORKSPACE_CLAIMED_BY_FIRST_USER -> throw new IllegalStateException("handled above");
            case ALLOWED_EMAIL_DOMAINS_CHANGED ->
                    () -> db.memberships.setAllowedEmailDomains(actor, workspace, List.of("example.org"));
            case MEMBER_JOINED_BY_EMAIL_DOMAIN -> {
                db.memberships.setAllowedEmailDomains(actor, workspace, List.of("example.com"));
                yield () -> db.signIn("mia");
            }
            case MEMBER_ROLE_CHANGED -> {
                User mia = member(workspace);
                yield () -> db.memberships.changeRole(actor, workspace, mia.id(), Role.ADMIN);
            }
            case MEMBER_REMOVED -> {
                User mia = member(workspace);
                yield () -> db.memberships.remove(actor, workspace, mia.id());
            }
            case INVITATION_CREATED -> () -> invitations.create(actor, workspace, "mia@example.com", Role.MEMBER);
            case INVITATION_REVOKED -> {
                UUID invitation = invitations.create(actor, workspace, "mia@example.com", Role.MEMBER).invitation().id();
                yield () -> invitations.revoke(actor, invitation);
            }
            case INVITATION_ACCEPTED -> {
                String token = invitations.create(actor, workspace, "mia@example.com", Role.MEMBER).token();
                User mia = db.signIn("mia");
                yield () -> invitations.accept(as(mia), token);
            }
            case WORKSPACE_RENAMED -> () -> db.workspaces.rename(actor, workspace, "Acme Industries");
            case PROJECT_CREATED -> () -> db.projects.create(actor, workspace, "shop", "Shop");
            case PROJECT_RENAMED -> {
                UUID shop = db.projects.create(actor, workspace, "shop", "Shop").id();
                yield () -> db.projects.rename(actor, workspace, shop, "Web shop");
            }
            case PROJECT_DELETION_STARTED -> {
                UUID shop = db.projects.create(actor, workspace, "shop", "Shop").id();
                yield () -> db.projects.startDeletion(actor, workspace, shop);
            }
            case API_KEY_CREATED -> {
                UUID shop = db.projects.create(actor, workspace, "shop", "Shop").id();
                yield () -> keys.create(actor, workspace, shop, "collector", Scope.INGEST, null);
            }
            case API_KEY_ROTATED -> {
                UUID shop = db.projects.create(actor, workspace, "shop", "Shop").id();
                UUID key = keys.create(actor, workspace, shop, "collector", Scope.INGEST, null).key().id();
                yield () -> keys.rotate(actor, workspace, shop, key);
            }
            case API_KEY_REVOKED -> {
                UUID shop = db.projects.create(actor, workspace, "shop", "Shop").id();
                UUID key = keys.create(actor, workspace, shop, "collector", Scope.INGEST, null).key().id();
                yield () -> keys.revoke(actor, workspace, shop, key);
            }
            case PLAN_CHANGED -> () -> new WorkspacePlans(db.postgres.dataSource(), Plans.builtIn(), Clock.systemUTC())
                    .change(actor, workspace, "growth");
            case DEMO_MEMBER_SEEDED -> () -> db.demoMembers.ensure("http://localhost:9000", "acme",
                    List.of(new DemoMembers.Member("viewer@demo.local", "Demo Viewer", Role.VIEWER)));
            // Written by the incidents module's action catalogue and approval requests, which platform cannot
            // call; incidents' ApprovalAuditIT makes each of them happen and counts its one row.
            case ACTION_CREATED, ACTION_ENABLED, ACTION_DISABLED, ACTION_DELETED, ACTION_PROPOSED, ACTION_APPROVED,
                 ACTION_DENIED, ACTION_ESCALATED, ACTION_EXPIRED, ACTION_EXECUTED, ACTION_FAILED ->
                    () -> db.audit.append(workspace, actor, action, "action", UUID.randomUUID(), Map.of());
        };
    }

    private User member(UUID workspace) {
        User mia = db.signIn("mia");
        db.addMember(workspace, mia, Role.MEMBER);
        return mia;
    }

    private long allRows() {
        return db.jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
    }
}
