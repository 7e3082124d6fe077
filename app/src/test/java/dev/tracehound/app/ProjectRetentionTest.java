package dev.tracehound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.Project;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectRetentionTest {

    private static final UUID SHORT = UUID.randomUUID();
    private static final UUID LONG = UUID.randomUUID();

    /** Two workspaces whose plans keep 7 and 90 days. */
    private static final Entitlements PLANS = new Entitlements() {
        @Override
        public AgentBudget agentBudget(UUID workspaceId) {
            throw new AssertionError("retention asks no budget");
        }

        @Override
        public int retentionDays(UUID workspaceId) {
            return Map.of(SHORT, 7, LONG, 90).get(workspaceId);
        }
    };

    private static Project projectOf(UUID workspace) {
        return new Project(UUID.randomUUID(), workspace, "w", "p", "P");
    }

    @Test
    void eachProjectKeepsWhatItsWorkspacesPlanSays() {
        ProjectRetention retention = ProjectRetention.fromPlans(PLANS, null);

        assertThat(retention.of(projectOf(SHORT))).isEqualTo(Duration.ofDays(7));
        assertThat(retention.of(projectOf(LONG))).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void theConfiguredMaximumOnlyShortensIt() {
        ProjectRetention retention = ProjectRetention.fromPlans(PLANS, 30);

        assertThat(retention.of(projectOf(SHORT))).isEqualTo(Duration.ofDays(7));
        assertThat(retention.of(projectOf(LONG))).isEqualTo(Duration.ofDays(30));
        assertThat(ProjectRetention.fromPlans(PLANS, 0).of(projectOf(LONG))).isZero();
    }
}
