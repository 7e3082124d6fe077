package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.platform.AgentBudget;
import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.FixedEntitlements;
import dev.tracehound.platform.SeatLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * For local development only: gives the development OIDC provider's demo users their roles in
 * the demo workspace before anyone signs in, so that {@code owner@demo.local} is an owner,
 * {@code viewer@demo.local} a viewer, and so on. The provider's subject is the username, which
 * is the email, so each user is created with subject = the email as given (its stored email
 * lower-cased) for the given issuer; their first sign-in then finds them (and, the workspace
 * having members, claims nothing).
 *
 * <p>Idempotent: a user already holding the role is left alone and writes nothing; a membership
 * made, or a role changed to the one asked for, writes one {@code DEMO_MEMBER_SEEDED} row by the
 * system. Seat limits are not checked: these are development users.
 */
public final class DemoMembers {

    /** A demo user and the role they should hold. */
    public record Member(String email, String name, Role role) {}

    /** Seeding checks no seats; the rows are only used for their statements. */
    private static final Entitlements NO_LIMITS = new FixedEntitlements(AgentBudget.UNLIMITED, SeatLimit.UNLIMITED);

    private static final String ENSURE_WORKSPACE = """
            INSERT INTO workspaces (id, slug, name) VALUES (:id, :slug, :slug) ON CONFLICT (slug) DO NOTHING""";
    private static final String SELECT_WORKSPACE_ID = "SELECT id FROM workspaces WHERE slug = :slug";
    private static final String ENSURE_USER = """
            INSERT INTO users (id, issuer, subject, email, name) VALUES (:id, :issuer, :subject, :email, :name)
            ON CONFLICT (issuer, subject) DO NOTHING""";
    private static final String SELECT_USER_ID = "SELECT id FROM users WHERE issuer = :issuer AND subject = :subject";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MembershipRows memberships;
    private final AuditLog audit;

    public DemoMembers(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.memberships = new MembershipRows(jdbc, NO_LIMITS);
        this.audit = new AuditLog(dataSource);
    }

    /**
     * Makes sure each member exists for {@code issuer} (subject = their email) and holds their
     * role in the workspace with {@code workspaceSlug}, which is created if missing. Returns the
     * memberships, in the order given.
     *
     * @throws IllegalArgumentException the issuer is empty, the slug is not a slug, or a member
     *     has no email or no role
     * @throws org.springframework.dao.DataIntegrityViolationException the members asked for
     *     would leave the workspace without an owner
     */
    public List<Membership> ensure(String issuer, String workspaceSlug, List<Member> members) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("demo members need the issuer their sign-ins come from; it was empty");
        }
        if (!Names.isSlug(workspaceSlug)) {
            throw new IllegalArgumentException("the demo workspace slug must be 1-63 lowercase letters, digits or "
                    + "dashes; was '" + workspaceSlug + "'");
        }
        for (Member member : members) {
            if (member.email() == null || member.email().isBlank() || member.role() == null) {
                throw new IllegalArgumentException("each demo member needs an email and a role; got " + member);
            }
        }
        return transactions.execute(status -> {
            jdbc.sql(ENSURE_WORKSPACE).param("id", UUID.randomUUID()).param("slug", workspaceSlug).update();
            UUID workspace = jdbc.sql(SELECT_WORKSPACE_ID).param("slug", workspaceSlug).query(UUID.class).single();
            memberships.lockWorkspace(workspace);
            List<Membership> result = new ArrayList<>();
            for (Member member : members) {
                result.add(ensureMember(issuer, workspace, member));
            }
            return result;
        });
    }

    private Membership ensureMember(String issuer, UUID workspace, Member member) {
        String subject = member.email().strip();
        String email = subject.toLowerCase(Locale.ROOT);
        jdbc.sql(ENSURE_USER).param("id", UUID.randomUUID()).param("issuer", issuer).param("subject", subject)
                .param("email", email).param("name", member.name()).update();
        UUID user = jdbc.sql(SELECT_USER_ID).param("issuer", issuer).param("subject", subject).query(UUID.class)
                .single();
        Optional<Role> current = memberships.roleOf(workspace, user);
        if (current.isEmpty()) {
            memberships.insert(workspace, user, member.role());
        } else if (current.get() != member.role()) {
            memberships.updateRole(workspace, user, member.role());
        } else {
            return memberships.find(workspace, user).orElseThrow();
        }
        audit.append(workspace, Actor.system(), AuditAction.DEMO_MEMBER_SEEDED, "user", user,
                summary("email", email, "role", member.role(), "previousRole", current.map(Role::name).orElse(null)));
        return memberships.find(workspace, user).orElseThrow();
    }
}
