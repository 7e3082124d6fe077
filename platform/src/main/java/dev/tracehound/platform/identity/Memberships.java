package dev.tracehound.platform.identity;

import static dev.tracehound.platform.identity.AuditLog.summary;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.SeatLimit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who belongs to a workspace, and in which {@link Role}.
 *
 * <p>Seats: owners, admins and members each take one seat; viewers take none. The seat limit
 * comes from {@link Entitlements#seats}; promoting a viewer past it is refused with
 * {@link SeatLimitReachedException}, whose message gives the limit.
 *
 * <p>Rules, checked inside one database transaction that holds the workspace's row lock, so
 * that two concurrent changes are judged one after the other:
 * <ul>
 *   <li>a workspace always has an owner: the last owner cannot be demoted or removed or leave
 *       ({@link LastOwnerException}); a deferred trigger in the database refuses it too;</li>
 *   <li>changing roles or removing someone needs {@link Action#MANAGE_MEMBERS}; only an owner may
 *       make or unmake an owner; nobody may raise their own role ({@link NotAllowedException});
 *       anyone may lower their own role or leave;</li>
 *   <li>each change writes exactly one {@link AuditLog} row in the same transaction.</li>
 * </ul>
 */
public final class Memberships {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MembershipRows rows;
    private final AuditLog audit;
    private final Entitlements entitlements;

    public Memberships(DataSource dataSource, Entitlements entitlements) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.rows = new MembershipRows(jdbc, entitlements);
        this.audit = new AuditLog(dataSource);
        this.entitlements = entitlements;
    }

    public List<Membership> ofWorkspace(UUID workspace) {
        return rows.ofWorkspace(workspace);
    }

    /** The workspace's members with their email and name, in the order they joined; one query. */
    public List<WorkspaceMember> peopleOf(UUID workspace) {
        return rows.peopleOf(workspace);
    }

    public List<Membership> ofUser(UUID user) {
        return rows.ofUser(user);
    }

    public Optional<Role> roleOf(UUID workspace, UUID user) {
        return rows.roleOf(workspace, user);
    }

    /** Seats taken now: owners, admins and members; viewers take none. */
    public long seatsUsed(UUID workspace) {
        return rows.seatsUsed(workspace);
    }

    public SeatLimit seatLimit(UUID workspace) {
        return entitlements.seats(workspace);
    }

    /** Gives {@code user} the role {@code role}; the actor must be a member of the workspace. */
    public Membership changeRole(Actor actor, UUID workspace, UUID user, Role role) {
        return transactions.execute(status -> {
            rows.lockWorkspace(workspace);
            Role actorRole = requireMember(actor, workspace);
            Role current = rows.roleOf(workspace, user).orElseThrow(() -> notAMember(workspace, user));
            if (current == role) {
                return rows.find(workspace, user).orElseThrow();
            }
            boolean self = user.equals(actor.id());
            if (self && role.outranks(current)) {
                throw new NotAllowedException("nobody may raise their own role; ask an admin or owner to change it");
            }
            if (!self) {
                requireManager(actorRole, "change someone's role");
            }
            if ((role == Role.OWNER || current == Role.OWNER) && actorRole != Role.OWNER) {
                throw new NotAllowedException("only an owner may make or unmake an owner; you are " + actorRole);
            }
            if (current == Role.OWNER && rows.owners(workspace) == 1) {
                throw new LastOwnerException("this is the workspace's last owner, who cannot be demoted; "
                        + "make someone else an owner first");
            }
            if (role.takesSeat() && !current.takesSeat()) {
                rows.requireSeatForMember(workspace);
            }
            rows.updateRole(workspace, user, role);
            audit.append(workspace, actor, AuditAction.MEMBER_ROLE_CHANGED, "user", user,
                    summary("from", current, "to", role));
            return rows.find(workspace, user).orElseThrow();
        });
    }

    /** Removes {@code user} from the workspace; a person may remove themselves (leave). */
    public void remove(Actor actor, UUID workspace, UUID user) {
        transactions.executeWithoutResult(status -> {
            rows.lockWorkspace(workspace);
            Role actorRole = requireMember(actor, workspace);
            Role current = rows.roleOf(workspace, user).orElseThrow(() -> notAMember(workspace, user));
            boolean self = user.equals(actor.id());
            if (!self) {
                requireManager(actorRole, "remove someone");
                if (current == Role.OWNER && actorRole != Role.OWNER) {
                    throw new NotAllowedException("only an owner may remove an owner; you are " + actorRole);
                }
            }
            if (current == Role.OWNER && rows.owners(workspace) == 1) {
                throw new LastOwnerException("this is the workspace's last owner, who cannot leave or be removed; "
                        + "make someone else an owner first");
            }
            rows.delete(workspace, user);
            audit.append(workspace, actor, AuditAction.MEMBER_REMOVED, "user", user,
                    summary("role", current, "left", self));
        });
    }

    /**
     * Sets the email domains whose people join the workspace as members when they first sign in
     * (lower-cased; an empty list turns it off). Needs {@link Action#MANAGE_MEMBERS}.
     */
    public void setAllowedEmailDomains(Actor actor, UUID workspace, List<String> domains) {
        List<String> cleaned = domains.stream().map(EmailDomains::normalise).distinct().toList();
        transactions.executeWithoutResult(status -> {
            rows.lockWorkspace(workspace);
            requireManager(requireMember(actor, workspace), "set the allowed email domains");
            List<String> before = EmailDomains.of(jdbc, workspace);
            EmailDomains.set(jdbc, workspace, cleaned);
            audit.append(workspace, actor, AuditAction.ALLOWED_EMAIL_DOMAINS_CHANGED, "workspace", workspace,
                    summary("from", before, "to", cleaned));
        });
    }

    private Role requireMember(Actor actor, UUID workspace) {
        if (actor.kind() != Actor.Kind.USER) {
            throw new NotAllowedException("membership changes are made by a signed-in person, not by " + actor.kind());
        }
        return rows.roleOf(workspace, actor.id())
                .orElseThrow(() -> new NotAllowedException("you are not a member of this workspace"));
    }

    static void requireManager(Role actorRole, String what) {
        if (!RolePolicy.allows(actorRole, Action.MANAGE_MEMBERS)) {
            throw new NotAllowedException("to " + what + " you need a role that manages members (admin or owner); "
                    + "you are " + actorRole);
        }
    }

    private static IllegalArgumentException notAMember(UUID workspace, UUID user) {
        return new IllegalArgumentException("user " + user + " is not a member of workspace " + workspace);
    }
}
