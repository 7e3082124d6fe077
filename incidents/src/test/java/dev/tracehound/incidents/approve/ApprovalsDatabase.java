package dev.tracehound.incidents.approve;

import dev.tracehound.agent.session.AgentSchema;
import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.incidents.IncidentsSchema;
import dev.tracehound.incidents.MutableClock;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.ProjectDirectory;
import dev.tracehound.platform.SeatLimit;
import dev.tracehound.platform.identity.Actor;
import dev.tracehound.platform.identity.Role;
import dev.tracehound.platform.identity.User;
import dev.tracehound.platform.identity.Users;
import dev.tracehound.platform.notify.ChannelKind;
import dev.tracehound.platform.notify.NotificationChannel;
import dev.tracehound.platform.notify.NotificationChannels;
import dev.tracehound.platform.notify.NotificationOutbox;
import dev.tracehound.platform.notify.RetryPolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A migrated throw-away database as the application runs it (platform's, the agent's and the incidents'
 * migrations), with the workspace "acme" and its people in every role, made once per test class;
 * {@link #reset()} gives each test an empty catalogue, no requests, one webhook channel, and the
 * catalogue and approval requests over it on a clock the test moves.
 */
final class ApprovalsDatabase implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CHANNEL_SECRET = "whsec_channel_" + UUID.randomUUID();

    /** What the session was told, in order. */
    record Told(UUID sessionId, String text) {}

    final ThrowawayPostgres postgres = ThrowawayPostgres.create("approve");
    final DataSource dataSource = postgres.dataSource();
    final JdbcClient jdbc = JdbcClient.create(dataSource);
    final MutableClock clock = new MutableClock(Instant.now());
    final UUID workspace;
    final UUID project;
    final User owner;
    final User secondOwner;
    final User admin;
    final User member;
    final User secondMember;
    final User viewer;
    final NotificationOutbox outbox;
    final ActionCatalogue catalogue;
    final List<Told> told = new CopyOnWriteArrayList<>();
    /** Whether the session takes what it is told now; false: as if a run were going on. */
    volatile boolean sessionTakes = true;
    final ApprovalRequests requests;
    NotificationChannel channel;

    ApprovalsDatabase() {
        Flyway.configure().dataSource(dataSource)
                .locations(PlatformSchema.MIGRATIONS, AgentSchema.MIGRATIONS, IncidentsSchema.MIGRATIONS)
                .load().migrate();
        var users = new Users(dataSource, new FixedEntitlements(AgentBudget.UNLIMITED, SeatLimit.UNLIMITED), "acme");
        owner = signIn(users, "olivia");
        workspace = jdbc.sql("SELECT id FROM workspaces WHERE slug = 'acme'").query(UUID.class).single();
        project = new ProjectDirectory(jdbc).ensure("acme", "Acme", "shop", "Shop").id();
        secondOwner = member(users, "oscar", Role.OWNER);
        admin = member(users, "ada", Role.ADMIN);
        member = member(users, "mia", Role.MEMBER);
        secondMember = member(users, "max", Role.MEMBER);
        viewer = member(users, "vera", Role.VIEWER);
        outbox = new NotificationOutbox(dataSource, null, RetryPolicy.DEFAULT, clock);
        catalogue = new ActionCatalogue(dataSource, clock);
        requests = new ApprovalRequests(dataSource, catalogue, outbox, (session, text) -> {
            if (!sessionTakes) {
                return false;
            }
            told.add(new Told(session, text));
            return true;
        }, request -> "https://tracehound.test/w/acme/approvals/" + request.id(), clock);
        reset();
    }

    /** Forgets what the last test made (the audit log, append-only, stays), and sets the clock to now. */
    void reset() {
        jdbc.sql("TRUNCATE approval_votes, approval_requests, actions, notification_outbox, notification_channels")
                .update();
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        told.clear();
        sessionTakes = true;
        channel = new NotificationChannels(jdbc).create(workspace, ChannelKind.WEBHOOK, "on-call",
                "http://127.0.0.1:9/hook", CHANNEL_SECRET);
    }

    private static User signIn(Users users, String name) {
        return users.signIn("https://idp.example", "sub-" + name, name + "@example.com", name, null);
    }

    /** Puts a person into the workspace with the role, as platform's tests do, bypassing invitations. */
    private User member(Users users, String name, Role role) {
        User user = signIn(users, name);
        jdbc.sql("INSERT INTO memberships (workspace_id, user_id, role) VALUES (:w, :u, :r)")
                .param("w", workspace).param("u", user.id()).param("r", role.name().toLowerCase(Locale.ROOT)).update();
        return user;
    }

    static Actor as(User user) {
        return Actor.user(user.id(), "203.0.113.7", "test-agent/1.0");
    }

    WorkspaceAction action(String name, RiskTier tier, String url, String secret) {
        return catalogue.create(workspace, as(admin), new ActionSpec(name, "Rolls the service back to a version.", url,
                secret, tier));
    }

    ApprovalRequest propose(String action, UUID session) throws InterruptedException {
        return requests.propose(new ApprovalRequests.Proposal(workspace, project, session, Optional.empty(),
                action, JSON.readTree(
                        "{\"service\": \"checkout\", \"version\": \"2.3.0\"}"),
                "checkout errors rose to 12% right after the 2.3.1 deploy (trace 4bf92f35)"));
    }

    ApprovalRequest approve(ApprovalRequest request, User who, Role role) {
        return requests.approve(workspace, request.id(), as(who), role);
    }

    ApprovalRequest deny(ApprovalRequest request, User who, Role role) {
        return requests.deny(workspace, request.id(), as(who), role);
    }

    /** The audit log's actions for the target, oldest first. */
    List<String> auditOf(UUID target) {
        return jdbc.sql("SELECT action FROM audit_log WHERE target_id = :t ORDER BY id").param("t", target.toString())
                .query(String.class).list();
    }

    /** The outbox's idempotency keys queued for the channel, oldest first. */
    List<String> notified() {
        return jdbc.sql("SELECT idempotency_key FROM notification_outbox WHERE channel_id = :c ORDER BY id")
                .param("c", channel.id()).query(String.class).list();
    }

    @Override
    public void close() {
        postgres.close();
    }
}
