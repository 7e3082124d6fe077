package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.SeatLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvitationsIT {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private IdentityDatabase db;
    private Invitations invitations;
    private User owner;
    private UUID workspace;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.of(2));
        invitations = db.invitations(Clock.fixed(NOW, ZoneOffset.UTC));
        owner = db.signIn("olivia");
        workspace = db.defaultWorkspace();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void anAcceptedInvitationMakesTheInviteeAMemberWithTheRole() {
        IssuedInvitation issued = invitations.create(as(owner), workspace, "Mia@Example.com", Role.MEMBER);
        User mia = db.signIn("mia");

        Membership membership = invitations.accept(as(mia), issued.token());

        assertThat(membership.role()).isEqualTo(Role.MEMBER);
        assertThat(db.memberships.roleOf(workspace, mia.id())).contains(Role.MEMBER);
        assertThat(db.memberships.seatsUsed(workspace)).isEqualTo(2);
    }

    @Test
    void theTokenIsUrlSafeAndOnlyItsHashIsStored() {
        IssuedInvitation issued = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);

        assertThat(issued.token()).matches("[A-Za-z0-9_-]{43}");
        String stored = db.jdbc.sql("SELECT encode(token_hash, 'hex') FROM invitations").query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(issued.token());
        assertThat(issued.invitation().expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void anExpiredInvitationIsRefused() {
        IssuedInvitation issued = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        User mia = db.signIn("mia");
        Invitations eightDaysLater = db.invitations(Clock.fixed(NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC));

        assertThatThrownBy(() -> eightDaysLater.accept(as(mia), issued.token()))
                .isInstanceOf(InvitationGoneException.Expired.class)
                .hasMessageContaining("expired");
        assertThat(db.memberships.ofUser(mia.id())).isEmpty();
    }

    @Test
    void aUsedInvitationIsRefused() {
        IssuedInvitation issued = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        User mia = db.signIn("mia");
        invitations.accept(as(mia), issued.token());

        assertThatThrownBy(() -> invitations.accept(as(mia), issued.token()))
                .isInstanceOf(InvitationGoneException.Used.class)
                .hasMessageContaining("each works once");
    }

    @Test
    void aRevokedInvitationIsRefused() {
        IssuedInvitation issued = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        User mia = db.signIn("mia");
        invitations.revoke(as(owner), issued.invitation().id());

        assertThatThrownBy(() -> invitations.accept(as(mia), issued.token()))
                .isInstanceOf(InvitationGoneException.Revoked.class)
                .hasMessageContaining("revoked");
        assertThat(db.memberships.ofUser(mia.id())).isEmpty();
    }

    @Test
    void anUnknownTokenIsRefused() {
        User mia = db.signIn("mia");

        assertThatThrownBy(() -> invitations.accept(as(mia), "not-a-token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no invitation matches this link");
    }

    @Test
    void anInvitationForAnotherEmailIsRefused() {
        IssuedInvitation issued = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        User eve = db.signIn("eve");

        assertThatThrownBy(() -> invitations.accept(as(eve), issued.token()))
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("this invitation is for mia@example.com");
        assertThat(db.memberships.ofUser(eve.id())).isEmpty();
    }

    @Test
    void invitingPastTheSeatLimitIsRefusedWithTheReasonAndTheLimit() {
        invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);

        assertThatThrownBy(() -> invitations.create(as(owner), workspace, "max@example.com", Role.ADMIN))
                .isInstanceOf(SeatLimitReachedException.class)
                .hasMessageContaining("allows 2 seats and 2 are taken by members and pending invitations");
        assertThat(invitations.ofWorkspace(workspace)).hasSize(1);
    }

    @Test
    void aViewerInvitationNeedsNoSeat() {
        invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        IssuedInvitation viewer = invitations.create(as(owner), workspace, "vic@example.com", Role.VIEWER);
        User vic = db.signIn("vic");

        assertThat(invitations.accept(as(vic), viewer.token()).role()).isEqualTo(Role.VIEWER);
        assertThat(db.memberships.seatsUsed(workspace)).isEqualTo(1);
    }

    @Test
    void acceptingPastTheSeatLimitIsRefused() {
        IssuedInvitation mia = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        User max = db.signIn("max");
        db.addMember(workspace, max, Role.MEMBER);
        User miaUser = db.signIn("mia");

        assertThatThrownBy(() -> invitations.accept(as(miaUser), mia.token()))
                .isInstanceOf(SeatLimitReachedException.class)
                .hasMessageContaining("allows 2 seats");
        assertThat(db.memberships.ofUser(miaUser.id())).isEmpty();
    }

    @Test
    void aMemberCannotInvite() {
        User member = db.signIn("mia");
        db.addMember(workspace, member, Role.MEMBER);

        assertThatThrownBy(() -> invitations.create(as(member), workspace, "max@example.com", Role.VIEWER))
                .isInstanceOf(NotAllowedException.class);
    }

    @Test
    void everyInvitationOperationWritesExactlyOneAuditRow() {
        long before = db.auditRows(workspace);
        IssuedInvitation kept = invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        IssuedInvitation dropped = invitations.create(as(owner), workspace, "vic@example.com", Role.VIEWER);
        assertThat(db.auditRows(workspace)).isEqualTo(before + 2);
        invitations.revoke(as(owner), dropped.invitation().id());
        assertThat(db.auditRows(workspace)).isEqualTo(before + 3);
        User mia = db.signIn("mia");
        invitations.accept(as(mia), kept.token());
        assertThat(db.auditRows(workspace)).isEqualTo(before + 4);

        assertThat(db.audit.entries(workspace, 4)).extracting(AuditEntry::action).containsExactly(
                AuditAction.INVITATION_ACCEPTED, AuditAction.INVITATION_REVOKED, AuditAction.INVITATION_CREATED,
                AuditAction.INVITATION_CREATED);
        AuditEntry accepted = db.audit.entries(workspace, 1).getFirst();
        assertThat(accepted.actor().id()).isEqualTo(mia.id());
        assertThat(accepted.actor().ip()).isEqualTo("203.0.113.7");
        assertThat(accepted.actor().userAgent()).isEqualTo("test-agent/1.0");
        assertThat(accepted.targetId()).isEqualTo(kept.invitation().id().toString());
    }
}
