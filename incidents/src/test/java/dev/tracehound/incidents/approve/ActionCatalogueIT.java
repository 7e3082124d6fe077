package dev.tracehound.incidents.approve;

import static dev.tracehound.incidents.approve.ApprovalsDatabase.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.approve.ApprovalException.Reason;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionCatalogueIT {

    private static final String SECRET = "action-secret-" + UUID.randomUUID();
    private static final String URL = "https://deploys.example.com/hooks/rollback";

    private ApprovalsDatabase db;

    @BeforeAll
    void migrate() {
        db = new ApprovalsDatabase();
    }

    @AfterAll
    void drop() {
        db.close();
    }

    @BeforeEach
    void start() {
        db.reset();
    }

    private WorkspaceAction create(String name, String url, RiskTier tier) {
        return db.catalogue.create(db.workspace, as(db.admin),
                new ActionSpec(name, "Rolls a service back to its previous version.", url, SECRET, tier));
    }

    @Test
    void anAddedActionIsListedEnabledWithoutItsSecret() {
        WorkspaceAction made = create("rollback_deploy", URL, RiskTier.HIGH);

        assertThat(db.catalogue.list(db.workspace)).containsExactly(made);
        assertThat(made.enabled()).isTrue();
        assertThat(made.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(made.createdBy()).isEqualTo(db.admin.id());
        assertThat(made.toString()).doesNotContain(SECRET);
        assertThat(db.catalogue.list(UUID.randomUUID())).as("another workspace's").isEmpty();
    }

    @Test
    void aNameIsASlugTheModelCanType() {
        for (String bad : new String[] {"Rollback", "roll back", "1rollback", "", "r".repeat(64)}) {
            assertThatThrownBy(() -> create(bad, URL, RiskTier.LOW)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case letters, digits, _ and -");
        }
        assertThat(create("scale-up_2", URL, RiskTier.LOW).name()).isEqualTo("scale-up_2");
    }

    @Test
    void theWebhookIsAnHttpOrHttpsUrlWithAHost() {
        for (String bad : new String[] {"ftp://example.com/x", "example.com/hook", "http://", "not a url"}) {
            assertThatThrownBy(() -> create("rollback_deploy", bad, RiskTier.LOW))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https URL with a host");
        }
        assertThat(create("rollback_deploy", "http://127.0.0.1:8099/hook", RiskTier.LOW).webhookUrl())
                .isEqualTo("http://127.0.0.1:8099/hook");
    }

    @Test
    void anActionNeedsATierAndASecretLongEnoughToSignWith() {
        assertThatThrownBy(() -> db.catalogue.create(db.workspace, as(db.admin),
                new ActionSpec("rollback_deploy", "Rolls back.", URL, SECRET, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("info, low, medium, high, critical");
        assertThatThrownBy(() -> db.catalogue.create(db.workspace, as(db.admin),
                new ActionSpec("rollback_deploy", "Rolls back.", URL, "short", RiskTier.LOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 to 200 characters");
    }

    @Test
    void aNameIsTakenOncePerWorkspaceUntilItsActionIsDeleted() {
        WorkspaceAction first = create("rollback_deploy", URL, RiskTier.LOW);

        assertThatThrownBy(() -> create("rollback_deploy", URL, RiskTier.HIGH))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT))
                .hasMessageContaining("has an action named 'rollback_deploy' already");

        assertThat(db.catalogue.delete(db.workspace, as(db.admin), first.id())).isTrue();
        assertThat(db.catalogue.delete(db.workspace, as(db.admin), first.id())).as("twice").isFalse();
        assertThat(db.catalogue.list(db.workspace)).isEmpty();
        assertThat(create("rollback_deploy", URL, RiskTier.HIGH).tier()).isEqualTo(RiskTier.HIGH);
    }

    @Test
    void aDisabledActionCannotBeProposedAndTheRefusalListsWhatCan() throws Exception {
        WorkspaceAction rollback = create("rollback_deploy", URL, RiskTier.LOW);
        create("open_ticket", URL, RiskTier.INFO);

        db.catalogue.setEnabled(db.workspace, as(db.admin), rollback.id(), false);

        assertThat(db.catalogue.find(db.workspace, rollback.id()).orElseThrow().enabled()).isFalse();
        assertThatThrownBy(() -> db.propose("rollback_deploy", UUID.randomUUID()))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessage("there is no action named 'rollback_deploy' in this workspace's catalogue; the actions are: "
                        + "open_ticket (info: Rolls a service back to its previous version.)");
    }

    @Test
    void anotherWorkspacesActionCannotBeChanged() {
        WorkspaceAction made = create("rollback_deploy", URL, RiskTier.LOW);

        assertThatThrownBy(() -> db.catalogue.setEnabled(UUID.randomUUID(), as(db.admin), made.id(), false))
                .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(db.catalogue.delete(UUID.randomUUID(), as(db.admin), made.id())).isFalse();
        assertThat(db.catalogue.find(db.workspace, made.id()).orElseThrow().enabled()).isTrue();
    }
}
