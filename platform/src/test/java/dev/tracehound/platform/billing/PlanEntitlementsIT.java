package dev.tracehound.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.SeatLimit;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.AuditAction;
import dev.tracehound.platform.identity.AuditLog;
import dev.tracehound.platform.identity.Invitations;
import dev.tracehound.platform.identity.NotFoundException;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.identity.SeatLimitReachedException;
import dev.tracehound.platform.identity.User;
import dev.tracehound.platform.identity.Users;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class PlanEntitlementsIT {

    private static final Duration TTL = PlanEntitlements.MAX_TTL;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-08T09:00:00Z"));
    private ThrowawayPostgres postgres;
    private WorkspacePlans plans;
    private PlanEntitlements entitlements;
    private User owner;
    private UUID workspace;

    @BeforeEach
    void start() {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        plans = new WorkspacePlans(postgres.dataSource(), Plans.builtIn(), clock);
        entitlements = new PlanEntitlements(plans, PlanEntitlements.Caps.NONE, clock, TTL);
        owner = new Users(postgres.dataSource(), entitlements, "acme")
                .signIn("https://idp.example", "sub-olivia", "olivia@example.com", "Olivia", null);
        workspace = workspaceOf(owner);
    }

    @AfterEach
    void drop() {
        postgres.close();
    }

    @Test
    void aWorkspaceThatNeverChoseAPlanIsOnFree() {
        WorkspacePlan current = plans.of(workspace);

        assertThat(current.plan().id()).isEqualTo("free");
        assertThat(current.status()).isEqualTo(WorkspacePlan.Status.ACTIVE);
        assertThat(current.changedAt()).isEmpty();
        assertThat(entitlements.plan(workspace).id()).isEqualTo("free");
        assertThat(entitlements.retentionDays(workspace)).isEqualTo(7);
        assertThat(entitlements.seats(workspace)).isEqualTo(SeatLimit.of(3));
        assertThat(entitlements.agentBudget(workspace).monthly().tokens()).hasValue(500_000);
    }

    @Test
    void aPlanChangeIsSeenOnceTheCachedPlanExpiresAndNotBefore() {
        assertThat(entitlements.retentionDays(workspace)).isEqualTo(7);

        plans.change(as(owner), workspace, "growth");
        clock.advance(TTL.minusSeconds(1));
        assertThat(entitlements.retentionDays(workspace)).as("still remembered").isEqualTo(7);
        clock.advance(Duration.ofSeconds(1));

        assertThat(entitlements.retentionDays(workspace)).isEqualTo(90);
        assertThat(entitlements.plan(workspace).id()).isEqualTo("growth");
        assertThat(entitlements.seats(workspace)).isEqualTo(SeatLimit.of(75));
        assertThat(entitlements.agentBudget(workspace).monthly().tokens()).hasValue(250_000_000);
    }

    @Test
    void aFailedPaymentPastItsGraceFallsToFreeButKeepsThePaidRetentionSoNoDataIsDeleted() {
        Instant graceUntil = clock.instant().plus(Duration.ofHours(1));
        plans.change(as(owner), workspace, "growth", WorkspacePlan.Status.PAST_DUE, graceUntil);
        clock.advance(TTL);
        assertThat(entitlements.plan(workspace).id()).as("within the grace").isEqualTo("growth");

        clock.advance(Duration.ofHours(1));

        assertThat(entitlements.plan(workspace).id()).as("past the grace").isEqualTo("free");
        assertThat(entitlements.seats(workspace)).isEqualTo(SeatLimit.of(3));
        assertThat(entitlements.retentionDays(workspace)).as("the paid plan's, while the payment is owed").isEqualTo(90);

        plans.change(as(owner), workspace, "growth", WorkspacePlan.Status.CANCELED, null);
        clock.advance(TTL);
        assertThat(entitlements.retentionDays(workspace)).as("canceled: free's").isEqualTo(7);
    }

    @Test
    void seatsFollowThePlanInTheIdentityChecks() {
        var invitations = new Invitations(postgres.dataSource(), entitlements, Clock.systemUTC());
        invitations.create(as(owner), workspace, "mia@example.com", Role.MEMBER);
        invitations.create(as(owner), workspace, "noah@example.com", Role.ADMIN);

        assertThatThrownBy(() -> invitations.create(as(owner), workspace, "ava@example.com", Role.MEMBER))
                .isInstanceOf(SeatLimitReachedException.class).hasMessageContaining("allows 3 seats");
        plans.change(as(owner), workspace, "indie");
        clock.advance(TTL);

        assertThat(invitations.create(as(owner), workspace, "ava@example.com", Role.MEMBER).invitation().email())
                .isEqualTo("ava@example.com");
    }

    @Test
    void theOperatorsCapsTightenThePlanAndThePerSessionBudgetIsTheCapsAlone() {
        plans.change(as(owner), workspace, "scale");
        var caps = new PlanEntitlements.Caps(SeatLimit.of(10), AgentBudget.Limit.usdMicros(50_000_000),
                AgentBudget.Limit.usdMicros(2_000_000));
        var capped = new PlanEntitlements(plans, caps, clock, TTL);

        assertThat(capped.seats(workspace)).as("scale has unlimited seats; the cap holds").isEqualTo(SeatLimit.of(10));
        AgentBudget budget = capped.agentBudget(workspace);
        assertThat(budget.monthly().tokens()).as("the plan's tokens").hasValue(1_500_000_000L);
        assertThat(budget.monthly().usdMicros()).as("the cap's dollars").hasValue(50_000_000);
        assertThat(budget.perSession()).isEqualTo(AgentBudget.Limit.usdMicros(2_000_000));
        var generous = new PlanEntitlements(plans, new PlanEntitlements.Caps(SeatLimit.of(500),
                new AgentBudget.Limit(OptionalLong.empty(), OptionalLong.of(9_000_000_000L)), AgentBudget.Limit.UNLIMITED),
                clock, TTL);
        plans.change(as(owner), workspace, "indie");
        assertThat(generous.seats(workspace)).as("a cap never loosens the plan").isEqualTo(SeatLimit.of(5));
        assertThat(generous.agentBudget(workspace).monthly().tokens()).hasValue(5_000_000);
    }

    @Test
    void aPastDuePlanHoldsUntilItsGraceEndsAndACanceledOneFallsBackToFree() {
        Instant graceUntil = clock.instant().plus(Duration.ofDays(7));
        plans.change(as(owner), workspace, "startup", WorkspacePlan.Status.PAST_DUE, graceUntil);

        assertThat(plans.of(workspace).inEffect().id()).isEqualTo("startup");
        clock.advance(Duration.ofDays(7));
        WorkspacePlan overdue = plans.of(workspace);
        assertThat(overdue.plan().id()).isEqualTo("startup");
        assertThat(overdue.graceUntil()).contains(graceUntil);
        assertThat(overdue.inEffect().id()).isEqualTo("free");

        plans.change(as(owner), workspace, "startup", WorkspacePlan.Status.CANCELED, null);
        assertThat(plans.of(workspace).inEffect().id()).isEqualTo("free");
        assertThatThrownBy(() -> plans.change(as(owner), workspace, "startup", WorkspacePlan.Status.PAST_DUE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
    }

    @Test
    void aChangeWritesOneAuditRowAndTheSameChangeAgainWritesNone() {
        var audit = new AuditLog(postgres.dataSource());
        int before = audit.entries(workspace, 100).size();

        WorkspacePlan changed = plans.change(as(owner), workspace, "startup");
        plans.change(as(owner), workspace, "startup");

        assertThat(changed.changedAt()).contains(clock.instant());
        var rows = audit.entries(workspace, 100);
        assertThat(rows).hasSize(before + 1);
        assertThat(rows.getFirst().action()).isEqualTo(AuditAction.PLAN_CHANGED);
        assertThat(rows.getFirst().actor().id()).isEqualTo(owner.id());
        assertThat(rows.getFirst().summary()).contains("\"from\": \"free\"", "\"to\": \"startup\"",
                "\"version\": \"plans-v1\"");
    }

    @Test
    void anUnknownPlanOrWorkspaceIsRefusedAndNothingChanges() {
        assertThatThrownBy(() -> plans.change(as(owner), workspace, "platinum"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no plan 'platinum'; the plans are free, indie, startup, growth, scale");
        assertThatThrownBy(() -> plans.change(as(owner), UUID.randomUUID(), "indie"))
                .isInstanceOf(NotFoundException.class);
        assertThat(plans.of(workspace).changedAt()).isEmpty();
    }

    @Test
    void assigningAPlanIfUnsetKeepsAPlanChosenBefore() {
        assertThat(plans.assignIfUnset(Actor.system(), workspace, "startup").plan().id()).isEqualTo("startup");
        plans.change(as(owner), workspace, "growth");

        assertThat(plans.assignIfUnset(Actor.system(), workspace, "startup").plan().id()).isEqualTo("growth");
    }

    @Test
    void aTimeToLiveAboveThirtySecondsIsRefused() {
        assertThatThrownBy(() -> new PlanEntitlements(plans, PlanEntitlements.Caps.NONE, clock, Duration.ofSeconds(31)))
                .hasMessageContaining("within a minute everywhere");
    }

    private UUID workspaceOf(User user) {
        return JdbcClient.create(postgres.dataSource())
                .sql("SELECT workspace_id FROM memberships WHERE user_id = :user").param("user", user.id())
                .query(UUID.class).single();
    }

    private static Actor as(User user) {
        return Actor.user(user.id(), "203.0.113.7", "test-agent/1.0");
    }

    /** A clock a test moves by hand, so the cache's time to live passes without waiting. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
