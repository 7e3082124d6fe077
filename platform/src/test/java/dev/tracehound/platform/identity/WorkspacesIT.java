package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.SeatLimit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspacesIT {

    private IdentityDatabase db;
    private User owner;
    private UUID workspace;

    @BeforeEach
    void start() {
        db = new IdentityDatabase(SeatLimit.UNLIMITED);
        owner = db.signIn("olivia");
        workspace = db.defaultWorkspace();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void theSettingsShowTheWorkspaceAndItsAllowedEmailDomains() {
        db.memberships.setAllowedEmailDomains(as(owner), workspace, List.of("Example.com"));

        Workspace settings = db.workspaces.byId(workspace).orElseThrow();

        assertThat(settings.slug()).isEqualTo("acme");
        assertThat(settings.name()).isEqualTo("acme");
        assertThat(settings.allowedEmailDomains()).containsExactly("example.com");
        assertThat(settings.createdAt()).isNotNull();
    }

    @Test
    void aWorkspaceIsFoundBySlugOrByIdText() {
        assertThat(db.workspaces.lookup("acme")).map(Workspace::id).contains(workspace);
        assertThat(db.workspaces.lookup(workspace.toString())).map(Workspace::slug).contains("acme");
        assertThat(db.workspaces.lookup(workspace.toString().toUpperCase())).map(Workspace::slug).contains("acme");
        assertThat(db.workspaces.lookup(UUID.randomUUID().toString())).isEmpty();
        assertThat(db.workspaces.lookup("nope")).isEmpty();
        assertThat(db.workspaces.lookup("Not A Slug'--")).isEmpty();
        assertThat(db.workspaces.lookup(null)).isEmpty();
    }

    @Test
    void renamingChangesTheNameNotTheSlugAndWritesOneAuditRow() {
        long before = db.auditRows(workspace);

        Workspace renamed = db.workspaces.rename(as(owner), workspace, "  Acme Industries ");

        assertThat(renamed.name()).isEqualTo("Acme Industries");
        assertThat(db.workspaces.bySlug("acme")).map(Workspace::name).contains("Acme Industries");
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        AuditEntry row = db.audit.entries(workspace, 1).getFirst();
        assertThat(row.action()).isEqualTo(AuditAction.WORKSPACE_RENAMED);
        assertThat(row.actor().id()).isEqualTo(owner.id());
        assertThat(row.summary()).contains("\"from\": \"acme\"", "\"to\": \"Acme Industries\"");
    }

    @Test
    void renamingToTheSameNameWritesNothing() {
        db.workspaces.rename(as(owner), workspace, "Acme");
        long before = db.auditRows(workspace);

        db.workspaces.rename(as(owner), workspace, "Acme");

        assertThat(db.auditRows(workspace)).isEqualTo(before);
    }

    @Test
    void anEmptyOrLongNameIsRefusedWithTheReason() {
        assertThatThrownBy(() -> db.workspaces.rename(as(owner), workspace, "   "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-200 characters; was empty");
        assertThatThrownBy(() -> db.workspaces.rename(as(owner), workspace, "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 201 characters");
        assertThatThrownBy(() -> db.workspaces.rename(as(owner), UUID.randomUUID(), "Other"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aPersonSeesTheWorkspacesTheyBelongToWithTheirRole() {
        User mia = db.signIn("mia");
        UUID other = UUID.randomUUID();
        db.jdbc.sql("INSERT INTO workspaces (id, slug, name) VALUES (:id, 'beta', 'Beta')").param("id", other).update();
        db.addMember(other, mia, Role.OWNER);
        db.addMember(workspace, mia, Role.VIEWER);

        List<UserWorkspace> mine = db.workspaces.ofUser(mia.id());

        assertThat(mine).extracting(w -> w.workspace().slug() + ":" + w.role()).containsExactly("acme:VIEWER", "beta:OWNER");
        assertThat(db.workspaces.ofUser(owner.id())).extracting(w -> w.workspace().slug()).containsExactly("acme");
        assertThat(db.workspaces.ofUser(UUID.randomUUID())).isEmpty();
    }
}
