package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.platform.Entitlements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * People, created or updated just in time when they sign in through an OIDC issuer.
 *
 * <p>Joining happens at sign-in: the first person to sign in on a fresh install (while the
 * default workspace has no members) becomes its owner; later people join a workspace only by
 * accepting an invitation ({@link Invitations}) or, on their first sign-in, as members of every
 * workspace whose allowed email domains contain their email's domain, while a seat is free
 * (with the seats full they sign in without joining). Each join writes one audit row.
 */
public final class Users {

    private static final String UPSERT_USER = """
            INSERT INTO users (id, issuer, subject, email, name, avatar_url)
            VALUES (:id, :issuer, :subject, :email, :name, :avatar)
            ON CONFLICT (issuer, subject) DO UPDATE
            SET email = EXCLUDED.email, name = EXCLUDED.name, avatar_url = EXCLUDED.avatar_url, last_login_at = now()
            RETURNING id, issuer, subject, email, name, avatar_url, created_at, last_login_at,
                      (xmax = 0) AS inserted""";
    private static final String SELECT_USER = """
            SELECT id, issuer, subject, email, name, avatar_url, created_at, last_login_at FROM users WHERE id = :id""";
    private static final String ENSURE_DEFAULT_WORKSPACE = """
            INSERT INTO workspaces (id, slug, name) VALUES (:id, :slug, :slug) ON CONFLICT (slug) DO NOTHING""";
    private static final String SELECT_WORKSPACE_ID = "SELECT id FROM workspaces WHERE slug = :slug";
    private static final String COUNT_MEMBERS = "SELECT count(*) FROM memberships WHERE workspace_id = :workspace";
    private static final String SELECT_WORKSPACES_ALLOWING_DOMAIN = """
            SELECT id FROM workspaces WHERE :domain = ANY (allowed_email_domains) ORDER BY id""";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MembershipRows memberships;
    private final AuditLog audit;
    private final String defaultWorkspaceSlug;

    /** {@code defaultWorkspaceSlug}: the workspace the first person to sign in owns (created if missing). */
    public Users(DataSource dataSource, Entitlements entitlements, String defaultWorkspaceSlug) {
        if (!Names.isSlug(defaultWorkspaceSlug)) {
            throw new IllegalArgumentException("the default workspace slug must be 1-63 lowercase letters, digits or "
                    + "dashes; was " + defaultWorkspaceSlug);
        }
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.memberships = new MembershipRows(jdbc, entitlements);
        this.audit = new AuditLog(dataSource);
        this.defaultWorkspaceSlug = defaultWorkspaceSlug;
    }

    /**
     * The person this issuer and subject name, created on their first sign-in and updated (email,
     * name, avatar, last login) on every later one; joins workspaces as the class comment says.
     * Pass the email only when the issuer says it is verified, since it decides domain joins.
     */
    public User signIn(String issuer, String subject, String email, String name, String avatarUrl) {
        requireText("issuer", issuer);
        requireText("subject", subject);
        return transactions.execute(status -> {
            jdbc.sql(ENSURE_DEFAULT_WORKSPACE).param("id", UUID.randomUUID()).param("slug", defaultWorkspaceSlug).update();
            UUID defaultWorkspace = jdbc.sql(SELECT_WORKSPACE_ID).param("slug", defaultWorkspaceSlug)
                    .query(UUID.class).single();
            memberships.lockWorkspace(defaultWorkspace);
            var signedIn = jdbc.sql(UPSERT_USER)
                    .param("id", UUID.randomUUID())
                    .param("issuer", issuer)
                    .param("subject", subject)
                    .param("email", email)
                    .param("name", name)
                    .param("avatar", avatarUrl)
                    .query((rs, row) -> new SignedIn(user(rs, row), rs.getBoolean("inserted")))
                    .single();
            User user = signedIn.user();
            long members = jdbc.sql(COUNT_MEMBERS).param("workspace", defaultWorkspace).query(Long.class).single();
            if (members == 0) {
                memberships.insert(defaultWorkspace, user.id(), Role.OWNER);
                audit.append(defaultWorkspace, Actor.system(), AuditAction.WORKSPACE_CLAIMED_BY_FIRST_USER, "user",
                        user.id(), summary("role", Role.OWNER, "email", email));
            } else if (signedIn.isNew()) {
                joinByEmailDomain(user);
            }
            return user;
        });
    }

    public Optional<User> byId(UUID id) {
        return jdbc.sql(SELECT_USER).param("id", id).query(Users::user).optional();
    }

    private void joinByEmailDomain(User user) {
        String domain = EmailDomains.ofAddress(user.email());
        if (domain.isEmpty()) {
            return;
        }
        List<UUID> workspaces = jdbc.sql(SELECT_WORKSPACES_ALLOWING_DOMAIN).param("domain", domain)
                .query(UUID.class).list();
        for (UUID workspace : workspaces) {
            memberships.lockWorkspace(workspace);
            try {
                memberships.requireSeatForMember(workspace);
            } catch (SeatLimitReachedException full) {
                continue;
            }
            memberships.insert(workspace, user.id(), Role.MEMBER);
            audit.append(workspace, Actor.system(), AuditAction.MEMBER_JOINED_BY_EMAIL_DOMAIN, "user", user.id(),
                    summary("role", Role.MEMBER, "email", user.email(), "domain", domain));
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a sign-in needs the token's " + what + "; it was empty");
        }
    }

    private record SignedIn(User user, boolean isNew) {}

    private static User user(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("issuer"), rs.getString("subject"),
                rs.getString("email"), rs.getString("name"), rs.getString("avatar_url"), Times.read(rs, "created_at"),
                Times.read(rs, "last_login_at"));
    }
}
