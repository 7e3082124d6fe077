package dev.tracehound.platform.identity;

import dev.tracehound.fixtures.ThrowawayPostgres;
import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.PlatformSchema;
import dev.tracehound.platform.SeatLimit;
import dev.tracehound.platform.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A migrated throw-away database with the identity doors over it, the default workspace "acme". */
final class IdentityDatabase implements AutoCloseable {

    final ThrowawayPostgres postgres;
    final JdbcClient jdbc;
    final Users users;
    final Memberships memberships;
    final AuditLog audit;
    final Workspaces workspaces;
    final Projects projects;
    final DemoMembers demoMembers;
    private final FixedEntitlements entitlements;

    IdentityDatabase(SeatLimit seats) {
        postgres = ThrowawayPostgres.create();
        Flyway.configure().dataSource(postgres.dataSource()).locations(PlatformSchema.MIGRATIONS).load().migrate();
        jdbc = JdbcClient.create(postgres.dataSource());
        entitlements = new FixedEntitlements(AgentBudget.UNLIMITED, seats);
        users = new Users(postgres.dataSource(), entitlements, "acme");
        memberships = new Memberships(postgres.dataSource(), entitlements);
        audit = new AuditLog(postgres.dataSource());
        workspaces = new Workspaces(postgres.dataSource());
        projects = new Projects(postgres.dataSource());
        demoMembers = new DemoMembers(postgres.dataSource());
    }

    ApiKeyAdmin keys(Clock clock) {
        return new ApiKeyAdmin(postgres.dataSource(), clock);
    }

    ProjectDeletions deletions(Duration settleFor, Duration takeOverAfter) {
        return new ProjectDeletions(postgres.dataSource(), settleFor, takeOverAfter);
    }

    ApiKeys apiKeys() {
        return new ApiKeys(jdbc);
    }

    Invitations invitations(Clock clock) {
        return new Invitations(postgres.dataSource(), entitlements, clock);
    }

    User signIn(String name) {
        return users.signIn("https://idp.example", "sub-" + name, name + "@example.com", name, null);
    }

    UUID defaultWorkspace() {
        return jdbc.sql("SELECT id FROM workspaces WHERE slug = 'acme'").query(UUID.class).single();
    }

    long auditRows(UUID workspace) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single();
    }

    /** Puts {@code user} into the workspace with {@code role} the way a test needs it, bypassing invitations. */
    void addMember(UUID workspace, User user, Role role) {
        jdbc.sql("INSERT INTO memberships (workspace_id, user_id, role) VALUES (:w, :u, :r)")
                .param("w", workspace).param("u", user.id()).param("r", role.column()).update();
    }

    static Actor as(User user) {
        return Actor.user(user.id(), "203.0.113.7", "test-agent/1.0");
    }

    @Override
    public void close() {
        postgres.close();
    }
}
