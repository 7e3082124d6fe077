package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.SeatLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipsIT {

    private IdentityDatabase db;
    private User owner;
    private UUID workspace;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.of(3));
        owner = db.signIn("olivia");
        workspace = db.defaultWorkspace();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void theLastOwnerCannotBeDemoted() {
        assertThatThrownBy(() -> db.memberships.changeRole(as(owner), workspace, owner.id(), Role.ADMIN))
                .isInstanceOf(LastOwnerException.class)
                .hasMessageContaining("last owner");
        assertThat(db.memberships.roleOf(workspace, owner.id())).contains(Role.OWNER);
    }

    @Test
    void theLastOwnerCannotLeave() {
        assertThatThrownBy(() -> db.memberships.remove(as(owner), workspace, owner.id()))
                .isInstanceOf(LastOwnerException.class)
                .hasMessageContaining("make someone else an owner first");
        assertThat(db.memberships.ofWorkspace(workspace)).hasSize(1);
    }

    @Test
    void anOwnerMayLeaveWhenAnotherOwnerStays() {
        User second = db.signIn("oscar");
        db.addMember(workspace, second, Role.OWNER);

        db.memberships.remove(as(owner), workspace, owner.id());

        assertThat(db.memberships.ofWorkspace(workspace)).extracting(Membership::userId).containsExactly(second.id());
    }

    @Test
    void twoOwnersDemotedAtOnceLeaveOne() throws Exception {
        User second = db.signIn("oscar");
        db.addMember(workspace, second, Role.OWNER);
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Membership>> demotions = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (User each : List.of(owner, second)) {
                demotions.add(threads.submit(() -> {
                    together.await();
                    return db.memberships.changeRole(as(each), workspace, each.id(), Role.ADMIN);
                }));
            }
        }
        List<Throwable> refusals = new ArrayList<>();
        for (Future<Membership> demotion : demotions) {
            try {
                demotion.get();
            } catch (java.util.concurrent.ExecutionException e) {
                refusals.add(e.getCause());
            }
        }

        assertThat(refusals).singleElement().isInstanceOf(LastOwnerException.class);
        assertThat(db.memberships.ofWorkspace(workspace)).filteredOn(m -> m.role() == Role.OWNER).hasSize(1);
    }

    @Test
    void theDatabaseItselfRefusesToLeaveAWorkspaceWithoutAnOwner() {
        assertThatThrownBy(() -> db.jdbc.sql("UPDATE memberships SET role = 'admin' WHERE user_id = :u")
                .param("u", owner.id()).update())
                .hasMessageContaining("would be left without an owner");
        assertThatThrownBy(() -> db.jdbc.sql("DELETE FROM memberships WHERE user_id = :u").param("u", owner.id()).update())
                .hasMessageContaining("would be left without an owner");
        assertThat(db.memberships.roleOf(workspace, owner.id())).contains(Role.OWNER);
    }

    @Test
    void deletingTheWorkspaceTakesItsMembershipsWithIt() {
        db.jdbc.sql("DELETE FROM workspaces WHERE id = :w").param("w", workspace).update();

        assertThat(db.memberships.ofUser(owner.id())).isEmpty();
    }

    @Test
    void aMemberCannotRaiseTheirOwnRole() {
        User member = db.signIn("mia");
        db.addMember(workspace, member, Role.MEMBER);

        assertThatThrownBy(() -> db.memberships.changeRole(as(member), workspace, member.id(), Role.ADMIN))
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("nobody may raise their own role");
        assertThat(db.memberships.roleOf(workspace, member.id())).contains(Role.MEMBER);
    }

    @Test
    void anAdminCannotRaiseTheirOwnRoleToOwner() {
        User admin = db.signIn("ada");
        db.addMember(workspace, admin, Role.ADMIN);

        assertThatThrownBy(() -> db.memberships.changeRole(as(admin), workspace, admin.id(), Role.OWNER))
                .isInstanceOf(NotAllowedException.class);
        assertThat(db.memberships.roleOf(workspace, admin.id())).contains(Role.ADMIN);
    }

    @Test
    void aMemberMayLowerTheirOwnRole() {
        User member = db.signIn("mia");
        db.addMember(workspace, member, Role.MEMBER);

        assertThat(db.memberships.changeRole(as(member), workspace, member.id(), Role.VIEWER).role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void aMemberCannotChangeSomeoneElsesRole() {
        User member = db.signIn("mia");
        User viewer = db.signIn("vic");
        db.addMember(workspace, member, Role.MEMBER);
        db.addMember(workspace, viewer, Role.VIEWER);

        assertThatThrownBy(() -> db.memberships.changeRole(as(member), workspace, viewer.id(), Role.MEMBER))
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("manages members");
    }

    @Test
    void anAdminCannotDemoteAnOwner() {
        User admin = db.signIn("ada");
        db.addMember(workspace, admin, Role.ADMIN);

        assertThatThrownBy(() -> db.memberships.changeRole(as(admin), workspace, owner.id(), Role.MEMBER))
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("only an owner");
    }

    @Test
    void anAdminChangesAMembersRole() {
        User admin = db.signIn("ada");
        User member = db.signIn("mia");
        db.addMember(workspace, admin, Role.ADMIN);
        db.addMember(workspace, member, Role.MEMBER);

        db.memberships.changeRole(as(admin), workspace, member.id(), Role.VIEWER);

        assertThat(db.memberships.roleOf(workspace, member.id())).contains(Role.VIEWER);
    }

    @Test
    void aViewerDoesNotTakeASeat() {
        User viewer = db.signIn("vic");
        db.addMember(workspace, viewer, Role.VIEWER);

        assertThat(db.memberships.seatsUsed(workspace)).isEqualTo(1);
        assertThat(db.memberships.ofWorkspace(workspace)).hasSize(2);
    }

    @Test
    void promotingAViewerPastTheSeatLimitIsRefusedWithTheLimit() {
        db.addMember(workspace, db.signIn("mia"), Role.MEMBER);
        db.addMember(workspace, db.signIn("max"), Role.MEMBER);
        User viewer = db.signIn("vic");
        db.addMember(workspace, viewer, Role.VIEWER);

        assertThatThrownBy(() -> db.memberships.changeRole(as(owner), workspace, viewer.id(), Role.MEMBER))
                .isInstanceOf(SeatLimitReachedException.class)
                .hasMessageContaining("allows 3 seats and 3 are taken")
                .hasMessageContaining("viewers do not");
        assertThat(db.memberships.roleOf(workspace, viewer.id())).contains(Role.VIEWER);
    }

    @Test
    void changingRolesAmongSeatTakersNeedsNoFreeSeat() {
        User member = db.signIn("mia");
        db.addMember(workspace, member, Role.MEMBER);
        db.addMember(workspace, db.signIn("max"), Role.MEMBER);

        assertThat(db.memberships.changeRole(as(owner), workspace, member.id(), Role.ADMIN).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void everyMembershipChangeWritesExactlyOneAuditRow() {
        User member = db.signIn("mia");
        db.addMember(workspace, member, Role.MEMBER);
        long before = db.auditRows(workspace);

        db.memberships.changeRole(as(owner), workspace, member.id(), Role.VIEWER);
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        db.memberships.setAllowedEmailDomains(as(owner), workspace, List.of("example.com"));
        assertThat(db.auditRows(workspace)).isEqualTo(before + 2);
        db.memberships.remove(as(owner), workspace, member.id());
        assertThat(db.auditRows(workspace)).isEqualTo(before + 3);

        AuditEntry removal = db.audit.entries(workspace, 1).getFirst();
        assertThat(removal.action()).isEqualTo(AuditAction.MEMBER_REMOVED);
        assertThat(removal.actor()).isEqualTo(as(owner));
        assertThat(removal.targetKind()).isEqualTo("user");
        assertThat(removal.targetId()).isEqualTo(member.id().toString());
        assertThat(removal.summary()).contains("\"role\": \"VIEWER\"");
    }

    @Test
    void aRefusedChangeWritesNoAuditRow() {
        long before = db.auditRows(workspace);

        assertThatThrownBy(() -> db.memberships.changeRole(as(owner), workspace, owner.id(), Role.VIEWER))
                .isInstanceOf(LastOwnerException.class);

        assertThat(db.auditRows(workspace)).isEqualTo(before);
    }
}
