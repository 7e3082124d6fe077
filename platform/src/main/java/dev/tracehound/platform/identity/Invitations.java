package dev.tracehound.platform.identity;

import static dev.tracehound.platform.SecretDigest.sha256;
import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.platform.Entitlements;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations to join a workspace with a role. The token is 32 random bytes, URL-safe base64,
 * returned once by {@link #create}; only its SHA-256 is stored. An invitation is valid for
 * {@link #DEFAULT_VALIDITY} unless told otherwise, works once, and can be revoked. Inviting
 * someone to a seat-taking role needs a free seat, counting pending invitations as taken; so
 * does accepting one. Creating, revoking and accepting each write one audit row.
 */
public final class Invitations {

    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String COLUMNS = """
            id, workspace_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at""";
    private static final String INSERT_INVITATION = """
            INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at)
            VALUES (:id, :workspace, :email, :role, :hash, :invitedBy, :createdAt, :expiresAt)
            RETURNING\s""" + COLUMNS;
    /** Workspace lock first, then the invitation's row, in every method, so two calls never wait on each other in a circle. */
    private static final String SELECT_BY_TOKEN = "SELECT " + COLUMNS + " FROM invitations WHERE token_hash = :hash";
    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM invitations WHERE id = :id";
    private static final String SELECT_WORKSPACE_INVITATIONS =
            "SELECT " + COLUMNS + " FROM invitations WHERE workspace_id = :workspace ORDER BY created_at DESC, id";
    private static final String MARK_ACCEPTED = """
            UPDATE invitations SET accepted_at = :now, accepted_by = :user WHERE id = :id""";
    private static final String MARK_REVOKED = "UPDATE invitations SET revoked_at = :now WHERE id = :id";
    private static final String SELECT_USER_EMAIL = "SELECT email FROM users WHERE id = :user";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MembershipRows memberships;
    private final AuditLog audit;
    private final Clock clock;

    public Invitations(DataSource dataSource, Entitlements entitlements, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.memberships = new MembershipRows(jdbc, entitlements);
        this.audit = new AuditLog(dataSource);
        this.clock = clock;
    }

    /** Invites {@code email} with {@code role} for {@link #DEFAULT_VALIDITY}; the token in the answer is the only copy. */
    public IssuedInvitation create(Actor actor, UUID workspace, String email, Role role) {
        return create(actor, workspace, email, role, DEFAULT_VALIDITY);
    }

    public IssuedInvitation create(Actor actor, UUID workspace, String email, Role role, Duration validFor) {
        String address = requireEmail(email);
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("an invitation must be valid for some time; was " + validFor);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Invitation invitation = transactions.execute(status -> {
            memberships.lockWorkspace(workspace);
            Role actorRole = requireMember(actor, workspace);
            Memberships.requireManager(actorRole, "invite someone");
            if (role == Role.OWNER && actorRole != Role.OWNER) {
                throw new NotAllowedException("only an owner may invite an owner; you are " + actorRole);
            }
            if (role.takesSeat()) {
                memberships.requireSeatForInvitation(workspace, now);
            }
            Invitation created = jdbc.sql(INSERT_INVITATION)
                    .param("id", UUID.randomUUID())
                    .param("workspace", workspace)
                    .param("email", address)
                    .param("role", role.column())
                    .param("hash", sha256(token))
                    .param("invitedBy", actor.id())
                    .param("createdAt", Times.at(now))
                    .param("expiresAt", Times.at(now.plus(validFor)))
                    .query(Invitations::invitation).single();
            audit.append(workspace, actor, AuditAction.INVITATION_CREATED, "invitation", created.id(),
                    summary("email", address, "role", role, "expiresAt", created.expiresAt().toString()));
            return created;
        });
        return new IssuedInvitation(invitation, token);
    }

    public List<Invitation> ofWorkspace(UUID workspace) {
        return jdbc.sql(SELECT_WORKSPACE_INVITATIONS).param("workspace", workspace).query(Invitations::invitation).list();
    }

    /** Withdraws a pending invitation; its token stops working at once. */
    public void revoke(Actor actor, UUID invitationId) {
        transactions.executeWithoutResult(status -> {
            Invitation invitation = jdbc.sql(SELECT_BY_ID).param("id", invitationId).query(Invitations::invitation)
                    .optional().orElseThrow(() -> new IllegalArgumentException("no invitation has the id " + invitationId));
            memberships.lockWorkspace(invitation.workspaceId());
            Memberships.requireManager(requireMember(actor, invitation.workspaceId()), "revoke an invitation");
            Invitation current = jdbc.sql(SELECT_BY_ID).param("id", invitationId).query(Invitations::invitation).single();
            if (current.acceptedAt() != null) {
                throw new InvitationGoneException.Used("this invitation was accepted already and cannot be revoked; "
                        + "remove the member instead");
            }
            if (current.revokedAt() != null) {
                return;
            }
            jdbc.sql(MARK_REVOKED).param("now", Times.at(clock.instant())).param("id", invitationId).update();
            audit.append(current.workspaceId(), actor, AuditAction.INVITATION_REVOKED, "invitation", invitationId,
                    summary("email", current.email(), "role", current.role()));
        });
    }

    /**
     * Accepts an invitation for the signed-in {@code user}, whose email must be the invited one,
     * and makes them a member with the invited role (or gives them that role if they already are
     * one). Refused with {@link InvitationGoneException.Expired}, {@code .Used} or {@code .Revoked}.
     */
    public Membership accept(Actor actor, String token) {
        if (actor.kind() != Actor.Kind.USER) {
            throw new NotAllowedException("an invitation is accepted by a signed-in person");
        }
        UUID user = actor.id();
        Instant now = clock.instant();
        return transactions.execute(status -> {
            byte[] hash = sha256(token == null ? "" : token);
            UUID workspace = jdbc.sql(SELECT_BY_TOKEN).param("hash", hash).query(Invitations::invitation).optional()
                    .orElseThrow(() -> new IllegalArgumentException("no invitation matches this link; check that it "
                            + "was copied whole, or ask for a new invitation"))
                    .workspaceId();
            memberships.lockWorkspace(workspace);
            Invitation invitation = jdbc.sql(SELECT_BY_TOKEN + " FOR UPDATE").param("hash", hash)
                    .query(Invitations::invitation).single();
            if (invitation.revokedAt() != null) {
                throw new InvitationGoneException.Revoked("this invitation was revoked; ask an admin for a new one");
            }
            if (invitation.acceptedAt() != null) {
                throw new InvitationGoneException.Used("this invitation was used already; each works once");
            }
            if (!now.isBefore(invitation.expiresAt())) {
                throw new InvitationGoneException.Expired("this invitation expired at " + invitation.expiresAt()
                        + "; ask an admin for a new one");
            }
            String userEmail = jdbc.sql(SELECT_USER_EMAIL).param("user", user).query(String.class).optional().orElse(null);
            if (userEmail == null || !userEmail.equalsIgnoreCase(invitation.email())) {
                throw new NotAllowedException("this invitation is for " + invitation.email()
                        + "; sign in with that address to accept it");
            }
            var existing = memberships.roleOf(workspace, user);
            if (invitation.role().takesSeat() && existing.map(role -> !role.takesSeat()).orElse(true)) {
                memberships.requireSeatForMember(workspace);
            }
            if (existing.isEmpty()) {
                memberships.insert(workspace, user, invitation.role());
            } else if (existing.get() != invitation.role() && existing.get() != Role.OWNER) {
                memberships.updateRole(workspace, user, invitation.role());
            }
            jdbc.sql(MARK_ACCEPTED).param("now", Times.at(now)).param("user", user).param("id", invitation.id()).update();
            audit.append(workspace, actor, AuditAction.INVITATION_ACCEPTED, "invitation", invitation.id(),
                    summary("user", user.toString(), "role", invitation.role(),
                            "previousRole", existing.map(Role::name).orElse(null)));
            return memberships.find(workspace, user).orElseThrow();
        });
    }

    private Role requireMember(Actor actor, UUID workspace) {
        if (actor.kind() != Actor.Kind.USER) {
            throw new NotAllowedException("invitations are managed by a signed-in person, not by " + actor.kind());
        }
        return memberships.roleOf(workspace, actor.id())
                .orElseThrow(() -> new NotAllowedException("you are not a member of this workspace"));
    }

    private static String requireEmail(String email) {
        String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        if (at < 1 || at != address.lastIndexOf('@') || at == address.length() - 1 || address.length() > 320) {
            throw new IllegalArgumentException("an invitation needs one email address like ada@example.com; was " + email);
        }
        return address;
    }

    private static Invitation invitation(ResultSet rs, int row) throws SQLException {
        return new Invitation(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
                rs.getString("email"), Role.fromColumn(rs.getString("role")), rs.getObject("invited_by", UUID.class),
                Times.read(rs, "created_at"), Times.read(rs, "expires_at"), Times.read(rs, "accepted_at"),
                Times.read(rs, "revoked_at"));
    }
}
