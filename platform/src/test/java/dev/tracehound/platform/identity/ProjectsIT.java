package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.IdentityDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.platform.ApiKeys;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.SeatLimit;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectsIT {

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
    void aCreatedProjectIsListedFoundAndAudited() {
        long before = db.auditRows(workspace);

        WorkspaceProject shop = db.projects.create(as(owner), workspace, "shop", " Shop ");
        db.projects.create(as(owner), workspace, "billing", "Billing");

        assertThat(shop.name()).isEqualTo("Shop");
        assertThat(db.projects.ofWorkspace(workspace)).extracting(WorkspaceProject::slug).containsExactly("billing", "shop");
        assertThat(db.projects.find(workspace, "shop")).contains(shop);
        assertThat(db.projects.find(workspace, shop.id().toString())).contains(shop);
        assertThat(new ProjectDirectory(db.jdbc).find("acme", "shop")).map(p -> p.id()).contains(shop.id());
        assertThat(db.auditRows(workspace)).isEqualTo(before + 2);
        AuditEntry row = db.audit.entries(workspace, 2).getLast();
        assertThat(row.action()).isEqualTo(AuditAction.PROJECT_CREATED);
        assertThat(row.targetKind()).isEqualTo("project");
        assertThat(row.targetId()).isEqualTo(shop.id().toString());
    }

    @Test
    void badSlugsAndNamesAreRefusedWithWhatToFix() {
        assertThatThrownBy(() -> db.projects.create(as(owner), workspace, "Shop Front", "Shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("project slug must be 1-63 lowercase letters, digits or dashes")
                .hasMessageContaining("'Shop Front'");
        assertThatThrownBy(() -> db.projects.create(as(owner), workspace, "-shop", "Shop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with a letter or digit");
        assertThatThrownBy(() -> db.projects.create(as(owner), workspace, UUID.randomUUID().toString(), "Shop"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not look like an id");
        assertThatThrownBy(() -> db.projects.create(as(owner), workspace, "shop", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("project name must be 1-200 characters");
        assertThat(db.projects.ofWorkspace(workspace)).isEmpty();
    }

    @Test
    void aTakenSlugIsAConflictThatSaysSo() {
        db.projects.create(as(owner), workspace, "shop", "Shop");
        long before = db.auditRows(workspace);

        assertThatThrownBy(() -> db.projects.create(as(owner), workspace, "shop", "Another shop"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already has a project with the slug 'shop'; choose another slug");
        assertThat(db.auditRows(workspace)).isEqualTo(before);
    }

    @Test
    void theSameSlugMayBeUsedInAnotherWorkspace() {
        UUID other = otherWorkspace();
        db.projects.create(as(owner), workspace, "shop", "Shop");

        assertThat(db.projects.create(as(owner), other, "shop", "Shop").workspaceId()).isEqualTo(other);
    }

    @Test
    void creatingInAWorkspaceThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> db.projects.create(as(owner), UUID.randomUUID(), "shop", "Shop"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void renamingKeepsTheSlugAndWritesOneRow() {
        WorkspaceProject shop = db.projects.create(as(owner), workspace, "shop", "Shop");
        long before = db.auditRows(workspace);

        WorkspaceProject renamed = db.projects.rename(as(owner), workspace, shop.id(), "Web shop");
        db.projects.rename(as(owner), workspace, shop.id(), "Web shop");

        assertThat(renamed.slug()).isEqualTo("shop");
        assertThat(db.projects.find(workspace, "shop")).map(WorkspaceProject::name).contains("Web shop");
        assertThat(db.auditRows(workspace)).isEqualTo(before + 1);
        assertThat(db.audit.entries(workspace, 1).getFirst().action()).isEqualTo(AuditAction.PROJECT_RENAMED);
    }

    @Test
    void anotherWorkspacesProjectIsNotFoundForAnyChange() {
        UUID other = otherWorkspace();
        WorkspaceProject theirs = db.projects.create(as(owner), other, "secret", "Secret");

        assertThat(db.projects.find(workspace, theirs.id().toString())).isEmpty();
        assertThat(db.projects.find(workspace, "secret")).isEmpty();
        assertThatThrownBy(() -> db.projects.rename(as(owner), workspace, theirs.id(), "Mine"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> db.projects.startDeletion(as(owner), workspace, theirs.id()))
                .isInstanceOf(NotFoundException.class);
        assertThat(db.projects.find(other, "secret")).map(WorkspaceProject::name).contains("Secret");
    }

    @Test
    void startingADeletionStopsTheKeysAndHidesTheProjectAtOnce() {
        WorkspaceProject shop = db.projects.create(as(owner), workspace, "shop", "Shop");
        ApiKeys apiKeys = db.apiKeys();
        String ingest = db.keys(Clock.systemUTC()).create(as(owner), workspace, shop.id(), "collector",
                ApiKeys.Scope.INGEST, null).secret();
        String demo = apiKeys.create(shop.id(), "demo", ApiKeys.Scope.READ);
        ProjectDirectory directory = new ProjectDirectory(db.jdbc);

        ProjectDeletion job = db.projects.startDeletion(as(owner), workspace, shop.id());

        assertThat(job.state()).isEqualTo(ProjectDeletion.State.QUEUED);
        assertThat(job.requestedBy()).isEqualTo(owner.id());
        assertThat(job.projectSlug()).isEqualTo("shop");
        assertThat(apiKeys.projectOf(ingest, ApiKeys.Scope.INGEST)).isEmpty();
        assertThat(apiKeys.projectOf(demo, ApiKeys.Scope.READ)).isEmpty();
        assertThat(directory.find("acme", "shop")).isEmpty();
        assertThat(directory.byId(shop.id())).isEmpty();
        assertThat(db.projects.find(workspace, "shop")).isEmpty();
        assertThat(db.projects.ofWorkspace(workspace)).singleElement().satisfies(p -> assertThat(p.beingDeleted()).isTrue());
        assertThatThrownBy(() -> db.projects.rename(as(owner), workspace, shop.id(), "Again"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> db.projects.create(as(owner), workspace, "shop", "Shop"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("being deleted");
        assertThatThrownBy(() -> directory.ensure("acme", "Acme", "shop", "Shop"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is being deleted");
    }

    @Test
    void askingAgainWhileTheJobIsOpenReturnsTheSameJobAndWritesNothing() {
        WorkspaceProject shop = db.projects.create(as(owner), workspace, "shop", "Shop");
        ProjectDeletion first = db.projects.startDeletion(as(owner), workspace, shop.id());
        long before = db.auditRows(workspace);

        ProjectDeletion again = db.projects.startDeletion(as(owner), workspace, shop.id());

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(db.auditRows(workspace)).isEqualTo(before);
        AuditEntry row = db.audit.entries(workspace, 1).getFirst();
        assertThat(row.action()).isEqualTo(AuditAction.PROJECT_DELETION_STARTED);
        assertThat(row.summary()).contains(first.id().toString());
        assertThat(db.projects.deletion(workspace, first.id())).contains(first);
        assertThat(db.projects.deletion(otherWorkspace(), first.id())).isEmpty();
    }

    private UUID otherWorkspace() {
        UUID other = UUID.randomUUID();
        db.jdbc.sql("INSERT INTO workspaces (id, slug, name) VALUES (:id, :slug, 'Other')")
                .param("id", other).param("slug", "other-" + other.toString().substring(0, 8)).update();
        return other;
    }
}
