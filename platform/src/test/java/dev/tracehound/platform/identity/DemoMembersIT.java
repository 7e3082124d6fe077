package dev.tracehound.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.SeatLimit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoMembersIT {

    private static final String ISSUER = "http://localhost:9000";
    private static final List<DemoMembers.Member> DEMO_USERS = List.of(
            new DemoMembers.Member("owner@demo.local", "Demo Owner", Role.OWNER),
            new DemoMembers.Member("admin@demo.local", "Demo Admin", Role.ADMIN),
            new DemoMembers.Member("member@demo.local", "Demo Member", Role.MEMBER),
            new DemoMembers.Member("viewer@demo.local", "Demo Viewer", Role.VIEWER));

    private IdentityDatabase db;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.of(1));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void eachDemoUserHoldsTheirRolePastAnySeatLimitWithOneSystemRowEach() {
        List<Membership> seeded = db.demoMembers.ensure(ISSUER, "demo", DEMO_USERS);

        UUID demo = db.workspaces.bySlug("demo").orElseThrow().id();
        assertThat(seeded).extracting(Membership::role).containsExactly(Role.OWNER, Role.ADMIN, Role.MEMBER, Role.VIEWER);
        assertThat(db.memberships.ofWorkspace(demo)).hasSize(4);
        assertThat(db.memberships.seatsUsed(demo)).isEqualTo(3);
        assertThat(db.audit.entries(demo, 10)).hasSize(4).allSatisfy(row -> {
            assertThat(row.action()).isEqualTo(AuditAction.DEMO_MEMBER_SEEDED);
            assertThat(row.actor().kind()).isEqualTo(Actor.Kind.SYSTEM);
        });
    }

    @Test
    void seedingAgainChangesAndWritesNothing() {
        List<Membership> first = db.demoMembers.ensure(ISSUER, "demo", DEMO_USERS);
        UUID demo = db.workspaces.bySlug("demo").orElseThrow().id();

        List<Membership> again = db.demoMembers.ensure(ISSUER, "demo", DEMO_USERS);

        assertThat(again).isEqualTo(first);
        assertThat(db.auditRows(demo)).isEqualTo(4);
    }

    @Test
    void aDemoUserWithAnotherRoleIsGivenTheirsBackWithOneRow() {
        List<Membership> seeded = db.demoMembers.ensure(ISSUER, "demo", DEMO_USERS);
        UUID demo = seeded.getFirst().workspaceId();
        UUID viewer = seeded.getLast().userId();
        db.jdbc.sql("UPDATE memberships SET role = 'admin' WHERE user_id = :u").param("u", viewer).update();

        db.demoMembers.ensure(ISSUER, "demo", DEMO_USERS);

        assertThat(db.memberships.roleOf(demo, viewer)).contains(Role.VIEWER);
        assertThat(db.auditRows(demo)).isEqualTo(5);
        assertThat(db.audit.entries(demo, 1).getFirst().summary()).contains("\"previousRole\": \"ADMIN\"");
    }

    @Test
    void theDemoOwnerSigningInIsTheSeededUserAndClaimsNothing() {
        db.demoMembers.ensure(ISSUER, "acme", DEMO_USERS);
        UUID acme = db.defaultWorkspace();

        User owner = db.users.signIn(ISSUER, "owner@demo.local", "owner@demo.local", "Demo Owner", null);
        User stranger = db.users.signIn(ISSUER, "someone@else.example", "someone@else.example", "Someone", null);

        assertThat(db.memberships.roleOf(acme, owner.id())).contains(Role.OWNER);
        assertThat(db.memberships.roleOf(acme, stranger.id())).isEmpty();
        assertThat(db.audit.entries(acme, 10)).extracting(AuditEntry::action)
                .doesNotContain(AuditAction.WORKSPACE_CLAIMED_BY_FIRST_USER);
    }

    @Test
    void badSeedInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> db.demoMembers.ensure(" ", "demo", DEMO_USERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> db.demoMembers.ensure(ISSUER, "Demo Space", DEMO_USERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slug");
        assertThatThrownBy(() -> db.demoMembers.ensure(ISSUER, "demo",
                List.of(new DemoMembers.Member("x@demo.local", "X", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an email and a role");
    }
}
