package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.SeatLimit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersIT {

    private IdentityDatabase db;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.of(2));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void theFirstUserToSignInOwnsTheDefaultWorkspace() {
        User first = db.signIn("olivia");

        UUID workspace = db.defaultWorkspace();
        assertThat(db.memberships.roleOf(workspace, first.id())).contains(Role.OWNER);
        assertThat(db.audit.entries(workspace, 10)).singleElement()
                .extracting(AuditEntry::action).isEqualTo(AuditAction.WORKSPACE_CLAIMED_BY_FIRST_USER);
    }

    @Test
    void aLaterUserJoinsNoWorkspaceWithoutAnInvitation() {
        db.signIn("olivia");
        User later = db.signIn("larry");

        assertThat(db.memberships.ofUser(later.id())).isEmpty();
    }

    @Test
    void aLaterUserWithAnAllowedEmailDomainJoinsAsAMember() {
        User owner = db.signIn("olivia");
        UUID workspace = db.defaultWorkspace();
        db.memberships.setAllowedEmailDomains(as(owner), workspace, List.of("@Example.COM"));

        User colleague = db.signIn("carla");
        User stranger = db.users.signIn("https://idp.example", "sub-sam", "sam@elsewhere.org", "Sam", null);

        assertThat(db.memberships.roleOf(workspace, colleague.id())).contains(Role.MEMBER);
        assertThat(db.memberships.ofUser(stranger.id())).isEmpty();
        assertThat(db.audit.entries(workspace, 1).getFirst().action()).isEqualTo(AuditAction.MEMBER_JOINED_BY_EMAIL_DOMAIN);
    }

    @Test
    void anAllowedEmailDomainDoesNotJoinPastTheSeatLimit() {
        User owner = db.signIn("olivia");
        UUID workspace = db.defaultWorkspace();
        db.memberships.setAllowedEmailDomains(as(owner), workspace, List.of("example.com"));

        User second = db.signIn("carla");
        User third = db.signIn("dora");

        assertThat(db.memberships.roleOf(workspace, second.id())).contains(Role.MEMBER);
        assertThat(db.memberships.ofUser(third.id())).isEmpty();
    }

    @Test
    void signingInAgainUpdatesTheProfileAndKeepsTheUser() {
        User first = db.users.signIn("https://idp.example", "sub-1", "old@example.com", "Old Name", null);

        User again = db.users.signIn("https://idp.example", "sub-1", "new@example.com", "New Name", "https://img/a.png");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.email()).isEqualTo("new@example.com");
        assertThat(again.name()).isEqualTo("New Name");
        assertThat(again.avatarUrl()).isEqualTo("https://img/a.png");
        assertThat(again.lastLoginAt()).isAfterOrEqualTo(first.lastLoginAt());
        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(db.users.byId(first.id())).contains(again);
    }

    @Test
    void theSameSubjectAtAnotherIssuerIsAnotherUser() {
        User google = db.users.signIn("https://accounts.google.com", "42", "a@example.com", "A", null);
        User okta = db.users.signIn("https://acme.okta.com", "42", "a@example.com", "A", null);

        assertThat(okta.id()).isNotEqualTo(google.id());
    }
}
