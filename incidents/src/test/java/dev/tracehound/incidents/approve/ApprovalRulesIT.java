package dev.tracehound.incidents.approve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracehound.incidents.approve.ApprovalException.Reason;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

/** Who decides a request at each tier, denial, one vote each, escalation and expiry, on the real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalRulesIT {

    private static final String SECRET = "action-secret-" + UUID.randomUUID();

    private ApprovalsDatabase db;
    private ActionReceiver receiver;
    private final UUID session = UUID.randomUUID();

    @BeforeAll
    void migrate() {
        db = new ApprovalsDatabase();
    }

    @AfterAll
    void drop() {
        db.close();
    }

    @BeforeEach
    void start() throws Exception {
        db.reset();
        receiver = new ActionReceiver(SECRET);
        for (RiskTier tier : RiskTier.values()) {
            db.action("rollback_" + tier.wireName(), tier, receiver.url(), SECRET);
        }
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private ApprovalRequest proposed(RiskTier tier) throws InterruptedException {
        return db.propose("rollback_" + tier.wireName(), session);
    }

    private static void refused(Reason reason, String message, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApprovalException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(message);
    }

    @Test
    void aLowRequestWaitsFifteenMinutesForAnyMemberAndRunsOnTheirApproval() throws Exception {
        ApprovalRequest request = proposed(RiskTier.LOW);
        assertThat(request.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(request.deadline()).isEqualTo(db.clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(db.requests.pending(db.workspace)).extracting(ApprovalRequest::id).containsExactly(request.id());

        ApprovalRequest approved = db.approve(request, db.member, Role.MEMBER);

        assertThat(approved.status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(approved.approvedBy()).containsExactly(db.member.id());
        assertThat(receiver.received()).hasSize(1);
        assertThat(db.requests.pending(db.workspace)).isEmpty();
    }

    @Test
    void theWorkspacesRequestsAreListedNewestFirstWithWhoMayStillDecide() throws Exception {
        ApprovalRequest denied = proposed(RiskTier.LOW);
        db.deny(denied, db.member, Role.MEMBER);
        db.clock.advance(Duration.ofSeconds(1));
        ApprovalRequest waiting = proposed(RiskTier.HIGH);
        db.approve(waiting, db.member, Role.MEMBER);

        var listed = db.requests.recent(db.workspace, 50);

        assertThat(listed).extracting(ApprovalRequest::id).containsExactly(waiting.id(), denied.id());
        assertThat(listed).extracting(ApprovalRequest::status).containsExactly(ApprovalStatus.PENDING, ApprovalStatus.DENIED);
        ApprovalRequest high = listed.getFirst();
        assertThat(high.decidableBy(db.member.id(), Role.MEMBER)).as("voted already").isFalse();
        assertThat(high.decidableBy(db.owner.id(), Role.OWNER)).isTrue();
        assertThat(high.decidableBy(db.viewer.id(), Role.VIEWER)).isFalse();
        assertThat(listed.get(1).decidableBy(db.owner.id(), Role.OWNER)).as("decided").isFalse();
        assertThat(db.requests.recent(UUID.randomUUID(), 50)).isEmpty();
    }

    @Test
    void aViewerNeverVotes() throws Exception {
        ApprovalRequest request = proposed(RiskTier.LOW);

        refused(Reason.NOT_ALLOWED, "decided by any member; you are viewer",
                () -> db.approve(request, db.viewer, Role.VIEWER));
        refused(Reason.NOT_ALLOWED, "you are viewer", () -> db.deny(request, db.viewer, Role.VIEWER));

        ApprovalRequest after = db.requests.find(db.workspace, request.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(after.votes()).isEmpty();
    }

    @Test
    void aMediumRequestIsApprovedByAnAdminNotByAMember() throws Exception {
        ApprovalRequest request = proposed(RiskTier.MEDIUM);
        assertThat(request.deadline()).isEqualTo(db.clock.instant().plus(Duration.ofMinutes(30)));

        refused(Reason.NOT_ALLOWED, "decided by an admin or owner; you are member",
                () -> db.approve(request, db.member, Role.MEMBER));
        assertThat(receiver.received()).isEmpty();

        assertThat(db.approve(request, db.admin, Role.ADMIN).status()).isEqualTo(ApprovalStatus.EXECUTED);
    }

    @Test
    void aHighRequestRunsOnlyOnceTwoPeopleApprovedOneOfThemAnOwner() throws Exception {
        ApprovalRequest request = proposed(RiskTier.HIGH);
        assertThat(request.deadline()).isEqualTo(db.clock.instant().plus(Duration.ofHours(1)));

        assertThat(db.approve(request, db.owner, Role.OWNER).status()).as("an owner alone").isEqualTo(ApprovalStatus.PENDING);
        assertThat(receiver.received()).isEmpty();
        ApprovalRequest second = proposed(RiskTier.HIGH);
        assertThat(db.approve(second, db.member, Role.MEMBER).status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(db.approve(second, db.admin, Role.ADMIN).status()).as("two, no owner").isEqualTo(ApprovalStatus.PENDING);
        assertThat(receiver.received()).isEmpty();

        ApprovalRequest approved = db.approve(request, db.member, Role.MEMBER);

        assertThat(approved.status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(approved.approvedBy()).containsExactlyInAnyOrder(db.owner.id(), db.member.id());
        assertThat(receiver.received()).hasSize(1);
        assertThat(db.approve(second, db.secondOwner, Role.OWNER).status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void aCriticalRequestIsApprovedByAnOwnerNotByAnAdmin() throws Exception {
        ApprovalRequest request = proposed(RiskTier.CRITICAL);
        assertThat(request.deadline()).isEqualTo(db.clock.instant().plus(Duration.ofHours(2)));

        refused(Reason.NOT_ALLOWED, "decided by an owner; you are admin", () -> db.approve(request, db.admin, Role.ADMIN));

        assertThat(db.approve(request, db.owner, Role.OWNER).status()).isEqualTo(ApprovalStatus.EXECUTED);
    }

    @Test
    void oneDenialByAnEligiblePersonDeniesAndNothingRuns() throws Exception {
        ApprovalRequest request = proposed(RiskTier.HIGH);
        db.approve(request, db.owner, Role.OWNER);

        ApprovalRequest denied = db.deny(request, db.member, Role.MEMBER);

        assertThat(denied.status()).isEqualTo(ApprovalStatus.DENIED);
        refused(Reason.CONFLICT, "denied already", () -> db.approve(request, db.secondOwner, Role.OWNER));
        assertThat(receiver.received()).isEmpty();
        assertThat(db.auditOf(request.id())).containsExactly("ACTION_PROPOSED", "ACTION_APPROVED", "ACTION_DENIED");
        assertThat(db.told).singleElement().satisfies(told -> {
            assertThat(told.sessionId()).isEqualTo(session);
            assertThat(told.text()).contains("rollback_high", "was denied by " + db.member.id() + " (member)",
                    "It did not run");
        });
    }

    @Test
    void nobodyVotesTwiceOnARequest() throws Exception {
        ApprovalRequest request = proposed(RiskTier.HIGH);
        db.approve(request, db.owner, Role.OWNER);

        refused(Reason.CONFLICT, "you voted on this request already", () -> db.approve(request, db.owner, Role.OWNER));
        refused(Reason.CONFLICT, "you voted on this request already", () -> db.deny(request, db.owner, Role.OWNER));

        ApprovalRequest after = db.requests.find(db.workspace, request.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(after.votes()).singleElement().satisfies(vote -> assertThat(vote.userId()).isEqualTo(db.owner.id()));
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void onlyAPersonVotesNotAnApiKeyNorTheService() throws Exception {
        ApprovalRequest request = proposed(RiskTier.LOW);

        refused(Reason.NOT_ALLOWED, "by a signed-in person, not by api key", () -> db.requests.approve(db.workspace,
                request.id(), Actor.apiKey(UUID.randomUUID(), null, null), Role.OWNER));
        refused(Reason.NOT_ALLOWED, "not by system",
                () -> db.requests.approve(db.workspace, request.id(), Actor.system(), Role.OWNER));
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void anotherWorkspacesRequestIsNotFound() throws Exception {
        ApprovalRequest request = proposed(RiskTier.LOW);

        refused(Reason.NOT_FOUND, "no approval request", () -> db.requests.approve(UUID.randomUUID(), request.id(),
                ApprovalsDatabase.as(db.member), Role.MEMBER));
        assertThat(db.requests.find(UUID.randomUUID(), request.id())).isEmpty();
    }

    @Test
    void anUnansweredRequestEscalatesTierByTierThenExpires() throws Exception {
        ApprovalRequest request = proposed(RiskTier.LOW);
        List<RiskTier> tiers = new ArrayList<>();

        for (Duration wait : List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1))) {
            db.clock.advance(wait.minusSeconds(1));
            assertThat(db.requests.escalateDue(db.clock.instant())).as("before the deadline").isZero();
            db.clock.advance(Duration.ofSeconds(1));
            assertThat(db.requests.escalateDue(db.clock.instant())).isEqualTo(1);
            ApprovalRequest now = db.requests.find(db.workspace, request.id()).orElseThrow();
            assertThat(now.deadline()).isEqualTo(db.clock.instant().plus(now.tier().waitFor()));
            tiers.add(now.tier());
        }
        assertThat(tiers).containsExactly(RiskTier.MEDIUM, RiskTier.HIGH, RiskTier.CRITICAL);
        db.clock.advance(Duration.ofHours(2));
        assertThat(db.requests.escalateDue(db.clock.instant())).isEqualTo(1);

        ApprovalRequest expired = db.requests.find(db.workspace, request.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(expired.proposedTier()).isEqualTo(RiskTier.LOW);
        refused(Reason.CONFLICT, "expired already", () -> db.approve(request, db.owner, Role.OWNER));
        assertThat(receiver.received()).isEmpty();
        assertThat(db.notified()).containsExactly("approval-" + request.id() + "/requested",
                "approval-" + request.id() + "/escalated-medium", "approval-" + request.id() + "/escalated-high",
                "approval-" + request.id() + "/escalated-critical");
        assertThat(db.auditOf(request.id())).containsExactly("ACTION_PROPOSED", "ACTION_ESCALATED", "ACTION_ESCALATED",
                "ACTION_ESCALATED", "ACTION_EXPIRED");
        assertThat(db.told).singleElement().satisfies(told -> assertThat(told.text()).contains("expired", "did not run"));
        assertThat(db.requests.escalateDue(db.clock.instant())).as("nothing left to do").isZero();
        assertThat(db.told).hasSize(1);
    }

    @Test
    void anEscalatedRequestIsDecidedByTheNewTiersApprovers() throws Exception {
        ApprovalRequest request = proposed(RiskTier.LOW);
        db.clock.advance(Duration.ofMinutes(15));

        // The scheduler has not run yet: the vote acts on the passed deadline first.
        refused(Reason.NOT_ALLOWED, "a medium request is decided by an admin or owner; you are member",
                () -> db.approve(request, db.member, Role.MEMBER));

        assertThat(db.requests.find(db.workspace, request.id()).orElseThrow().tier()).isEqualTo(RiskTier.MEDIUM);
        assertThat(db.approve(request, db.admin, Role.ADMIN).status()).isEqualTo(ApprovalStatus.EXECUTED);
    }

    @Test
    void approvalsGivenBeforeAnEscalationStillCountButTheNewTierDecides() throws Exception {
        ApprovalRequest request = proposed(RiskTier.HIGH);
        db.approve(request, db.owner, Role.OWNER);
        db.clock.advance(Duration.ofHours(1));
        db.requests.escalateDue(db.clock.instant());
        assertThat(db.requests.find(db.workspace, request.id()).orElseThrow().status())
                .as("escalation itself approves nothing").isEqualTo(ApprovalStatus.PENDING);

        refused(Reason.NOT_ALLOWED, "you are member", () -> db.approve(request, db.member, Role.MEMBER));
        ApprovalRequest approved = db.approve(request, db.secondOwner, Role.OWNER);

        assertThat(approved.status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(approved.votes()).extracting(ApprovalRequest.Vote::tier).containsExactly(RiskTier.HIGH, RiskTier.CRITICAL);
    }

    @Test
    void severalInstancesEscalateEachDueRequestOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(proposed(RiskTier.LOW).id());
        }
        db.clock.advance(Duration.ofMinutes(15));
        var instances = List.of(db.requests, new ApprovalRequests(db.dataSource, db.catalogue, db.outbox,
                (s, text) -> true, r -> null, db.clock), new ApprovalRequests(db.dataSource, db.catalogue, db.outbox,
                (s, text) -> true, r -> null, db.clock));
        CyclicBarrier together = new CyclicBarrier(instances.size());
        List<Future<Integer>> rounds = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(instances.size())) {
            for (ApprovalRequests instance : instances) {
                rounds.add(threads.submit(() -> {
                    together.await();
                    return instance.escalateDue(db.clock.instant());
                }));
            }
        }
        int escalated = 0;
        for (Future<Integer> round : rounds) {
            escalated += round.get();
        }

        assertThat(escalated).isEqualTo(ids.size());
        for (UUID id : ids) {
            assertThat(db.requests.find(db.workspace, id).orElseThrow().tier()).isEqualTo(RiskTier.MEDIUM);
            assertThat(db.auditOf(id)).containsExactly("ACTION_PROPOSED", "ACTION_ESCALATED");
        }
        assertThat(db.notified()).filteredOn(key -> key.endsWith("/escalated-medium")).hasSize(ids.size());
    }
}
