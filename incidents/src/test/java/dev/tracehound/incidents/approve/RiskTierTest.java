package dev.tracehound.incidents.approve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.approve.RiskTier.Approval;
import dev.tracehound.platform.identity.Role;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RiskTierTest {

    private static Approval by(Role role) {
        return new Approval(UUID.randomUUID(), role);
    }

    @Test
    void infoIsApprovedAsProposedAndNobodyVotesOnIt() {
        assertThat(RiskTier.INFO.approvedBy(List.of())).isTrue();
        assertThat(List.of(Role.values())).noneMatch(RiskTier.INFO::mayVote);
    }

    @Test
    void lowIsApprovedByAnyMemberButNeverByAViewer() {
        assertThat(RiskTier.LOW.approvedBy(List.of(by(Role.MEMBER)))).isTrue();
        assertThat(RiskTier.LOW.approvedBy(List.of(by(Role.VIEWER)))).isFalse();
        assertThat(RiskTier.LOW.mayVote(Role.VIEWER)).isFalse();
        assertThat(RiskTier.LOW.approvedBy(List.of())).isFalse();
    }

    @Test
    void mediumNeedsAnAdminOrAnOwner() {
        assertThat(RiskTier.MEDIUM.mayVote(Role.MEMBER)).isFalse();
        assertThat(RiskTier.MEDIUM.approvedBy(List.of(by(Role.MEMBER), by(Role.MEMBER)))).isFalse();
        assertThat(RiskTier.MEDIUM.approvedBy(List.of(by(Role.ADMIN)))).isTrue();
        assertThat(RiskTier.MEDIUM.approvedBy(List.of(by(Role.OWNER)))).isTrue();
    }

    @Test
    void highNeedsTwoPeopleOfWhomOneIsAnOwner() {
        assertThat(RiskTier.HIGH.approvedBy(List.of(by(Role.OWNER)))).as("an owner alone").isFalse();
        assertThat(RiskTier.HIGH.approvedBy(List.of(by(Role.ADMIN), by(Role.MEMBER)))).as("two, no owner").isFalse();
        assertThat(RiskTier.HIGH.approvedBy(List.of(by(Role.MEMBER), by(Role.OWNER)))).isTrue();
        assertThat(RiskTier.HIGH.approvedBy(List.of(by(Role.OWNER), by(Role.OWNER)))).isTrue();
        assertThat(RiskTier.HIGH.approvedBy(List.of(by(Role.VIEWER), by(Role.OWNER)))).as("a viewer does not count")
                .isFalse();
        UUID owner = UUID.randomUUID();
        assertThat(RiskTier.HIGH.approvedBy(List.of(new Approval(owner, Role.OWNER), new Approval(owner, Role.OWNER))))
                .as("one owner counted twice").isFalse();
    }

    @Test
    void criticalNeedsAnOwner() {
        assertThat(RiskTier.CRITICAL.mayVote(Role.ADMIN)).isFalse();
        assertThat(RiskTier.CRITICAL.approvedBy(List.of(by(Role.ADMIN), by(Role.ADMIN)))).isFalse();
        assertThat(RiskTier.CRITICAL.approvedBy(List.of(by(Role.OWNER)))).isTrue();
    }

    @Test
    void anUnansweredRequestGoesUpTierByTierAndWaitsLongerEachTime() {
        assertThat(RiskTier.LOW.next()).contains(RiskTier.MEDIUM);
        assertThat(RiskTier.MEDIUM.next()).contains(RiskTier.HIGH);
        assertThat(RiskTier.HIGH.next()).contains(RiskTier.CRITICAL);
        assertThat(RiskTier.CRITICAL.next()).isEmpty();
        assertThat(List.of(RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGH, RiskTier.CRITICAL)).extracting(RiskTier::waitFor)
                .containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2));
    }

    @Test
    void anUnknownTierIsRefusedNamingTheTiers() {
        assertThat(RiskTier.parse(" High ")).isEqualTo(RiskTier.HIGH);
        assertThatThrownBy(() -> RiskTier.parse("severe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[info, low, medium, high, critical]");
    }
}
