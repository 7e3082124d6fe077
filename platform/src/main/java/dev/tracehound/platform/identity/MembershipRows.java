package dev.tracehound.platform.identity;

import dev.tracehound.platform.Entitlements;
import dev.tracehound.platform.SeatLimit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The membership statements and the rules that need the workspace lock; callers hold a transaction. */
final class MembershipRows {

    /** Serialises every membership change of one workspace, so two changes never both see the old owners. */
    private static final String LOCK_WORKSPACE = "SELECT id FROM workspaces WHERE id = :workspace FOR UPDATE";
    private static final String SELECT_ROLE = """
            SELECT role FROM memberships WHERE workspace_id = :workspace AND user_id = :user""";
    private static final String SELECT_MEMBERSHIP = """
            SELECT workspace_id, user_id, role, created_at FROM memberships
            WHERE workspace_id = :workspace AND user_id = :user""";
    private static final String SELECT_WORKSPACE_MEMBERS = """
            SELECT workspace_id, user_id, role, created_at FROM memberships
            WHERE workspace_id = :workspace ORDER BY created_at, user_id""";
    private static final String SELECT_WORKSPACE_PEOPLE = """
            SELECT m.user_id, u.email, u.name, m.role, m.created_at
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = :workspace ORDER BY m.created_at, m.user_id""";
    private static final String SELECT_USER_MEMBERSHIPS = """
            SELECT workspace_id, user_id, role, created_at FROM memberships
            WHERE user_id = :user ORDER BY created_at, workspace_id""";
    private static final String COUNT_SEATS = """
            SELECT count(*) FROM memberships WHERE workspace_id = :workspace AND role <> 'viewer'""";
    private static final String COUNT_OWNERS = """
            SELECT count(*) FROM memberships WHERE workspace_id = :workspace AND role = 'owner'""";
    private static final String COUNT_PENDING_SEAT_INVITATIONS = """
            SELECT count(*) FROM invitations
            WHERE workspace_id = :workspace AND role <> 'viewer'
              AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now""";
    private static final String INSERT_MEMBERSHIP = """
            INSERT INTO memberships (workspace_id, user_id, role) VALUES (:workspace, :user, :role)""";
    private static final String UPDATE_ROLE = """
            UPDATE memberships SET role = :role WHERE workspace_id = :workspace AND user_id = :user""";
    private static final String DELETE_MEMBERSHIP = """
            DELETE FROM memberships WHERE workspace_id = :workspace AND user_id = :user""";

    private final JdbcClient jdbc;
    private final Entitlements entitlements;

    MembershipRows(JdbcClient jdbc, Entitlements entitlements) {
        this.jdbc = jdbc;
        this.entitlements = entitlements;
    }

    void lockWorkspace(UUID workspace) {
        jdbc.sql(LOCK_WORKSPACE).param("workspace", workspace).query(UUID.class).optional()
                .orElseThrow(() -> new IllegalArgumentException("no workspace has the id " + workspace));
    }

    Optional<Role> roleOf(UUID workspace, UUID user) {
        return jdbc.sql(SELECT_ROLE).param("workspace", workspace).param("user", user)
                .query((rs, row) -> Role.fromColumn(rs.getString("role"))).optional();
    }

    Optional<Membership> find(UUID workspace, UUID user) {
        return jdbc.sql(SELECT_MEMBERSHIP).param("workspace", workspace).param("user", user)
                .query(MembershipRows::membership).optional();
    }

    List<Membership> ofWorkspace(UUID workspace) {
        return jdbc.sql(SELECT_WORKSPACE_MEMBERS).param("workspace", workspace).query(MembershipRows::membership).list();
    }

    List<WorkspaceMember> peopleOf(UUID workspace) {
        return jdbc.sql(SELECT_WORKSPACE_PEOPLE).param("workspace", workspace)
                .query((rs, row) -> new WorkspaceMember(rs.getObject("user_id", UUID.class), rs.getString("email"),
                        rs.getString("name"), Role.fromColumn(rs.getString("role")), Times.read(rs, "created_at")))
                .list();
    }

    List<Membership> ofUser(UUID user) {
        return jdbc.sql(SELECT_USER_MEMBERSHIPS).param("user", user).query(MembershipRows::membership).list();
    }

    long seatsUsed(UUID workspace) {
        return jdbc.sql(COUNT_SEATS).param("workspace", workspace).query(Long.class).single();
    }

    long owners(UUID workspace) {
        return jdbc.sql(COUNT_OWNERS).param("workspace", workspace).query(Long.class).single();
    }

    /** Refuses one more seat-taking person; pending invitations hold their seat until accepted. */
    void requireSeatForInvitation(UUID workspace, Instant now) {
        long pending = jdbc.sql(COUNT_PENDING_SEAT_INVITATIONS).param("workspace", workspace).param("now", Times.at(now))
                .query(Long.class).single();
        requireSeat(workspace, seatsUsed(workspace) + pending, "members and pending invitations");
    }

    void requireSeatForMember(UUID workspace) {
        requireSeat(workspace, seatsUsed(workspace), "members");
    }

    private void requireSeat(UUID workspace, long used, String counted) {
        SeatLimit limit = entitlements.seats(workspace);
        if (!limit.allowsOneMore(used)) {
            throw new SeatLimitReachedException("the workspace's plan allows " + limit + " seats and " + used
                    + " are taken by " + counted + " (owners, admins and members take a seat, viewers do not); "
                    + "free a seat, invite as a viewer, or raise the plan's seat limit");
        }
    }

    void insert(UUID workspace, UUID user, Role role) {
        jdbc.sql(INSERT_MEMBERSHIP).param("workspace", workspace).param("user", user).param("role", role.column()).update();
    }

    void updateRole(UUID workspace, UUID user, Role role) {
        jdbc.sql(UPDATE_ROLE).param("workspace", workspace).param("user", user).param("role", role.column()).update();
    }

    void delete(UUID workspace, UUID user) {
        jdbc.sql(DELETE_MEMBERSHIP).param("workspace", workspace).param("user", user).update();
    }

    private static Membership membership(ResultSet rs, int row) throws SQLException {
        return new Membership(rs.getObject("workspace_id", UUID.class), rs.getObject("user_id", UUID.class),
                Role.fromColumn(rs.getString("role")), Times.read(rs, "created_at"));
    }
}
