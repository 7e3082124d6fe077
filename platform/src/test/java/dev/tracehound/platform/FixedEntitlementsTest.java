package dev.tracehound.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FixedEntitlementsTest {

    @Test
    void everyWorkspaceGetsTheConfiguredBudget() {
        AgentBudget budget = new AgentBudget(AgentBudget.Limit.usdMicros(100_000_000), AgentBudget.Limit.tokens(200_000));
        Entitlements entitlements = new FixedEntitlements(budget);

        assertThat(entitlements.agentBudget(UUID.randomUUID())).isEqualTo(budget);
        assertThat(entitlements.agentBudget(UUID.randomUUID()).perSession().tokens()).hasValue(200_000);
        assertThat(budget.monthly().unlimited()).isFalse();
        assertThat(AgentBudget.UNLIMITED.perSession().unlimited()).isTrue();
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> AgentBudget.Limit.usdMicros(-1)).hasMessageContaining("USD limit cannot be negative");
        assertThatThrownBy(() -> new AgentBudget.Limit(OptionalLong.empty(), OptionalLong.of(-5)))
                .hasMessageContaining("token limit cannot be negative");
    }

    @Test
    void seatsAreUnlimitedUnlessConfigured() {
        Entitlements unlimited = new FixedEntitlements(AgentBudget.UNLIMITED);
        Entitlements three = new FixedEntitlements(AgentBudget.UNLIMITED, SeatLimit.of(3));

        assertThat(unlimited.seats(UUID.randomUUID()).allowsOneMore(1_000_000)).isTrue();
        assertThat(three.seats(UUID.randomUUID()).allowsOneMore(2)).isTrue();
        assertThat(three.seats(UUID.randomUUID()).allowsOneMore(3)).isFalse();
        assertThatThrownBy(() -> SeatLimit.of(-1)).hasMessageContaining("seat limit cannot be negative");
    }
}
