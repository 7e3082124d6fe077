package dev.tracehound.platform.identity;

import dev.tracehound.platform.ApiKeys;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of who may do what: viewers see the workspace, read telemetry and chat with the
 * agent (incidents and alerts included) and read the agent's evaluation runs; members also approve
 * sandbox commands, manage their own API keys, write alert rules and silences and vote on the
 * agent's proposed actions; admins also manage
 * members, every key, projects, notification channels and the action catalogue, and read the audit
 * log; owners also manage billing and may
 * delete the workspace.
 * Every role can do what the roles below it can. Project API keys have their own row.
 */
public final class RolePolicy {

    private static final Map<Role, Set<Action>> ALLOWED = new EnumMap<>(Role.class);
    /**
     * Project keys, for machines: a read key reads its project's telemetry and talks to its agent
     * (approving the agent's commands included, as the automation holding it decides); an ingest
     * key only sends telemetry, which is not an action here. Neither reads the evaluation runs: a key
     * belongs to a project, and the runs are no project's.
     */
    private static final Map<ApiKeys.Scope, Set<Action>> KEYS = Map.of(
            ApiKeys.Scope.READ, EnumSet.of(Action.READ_TELEMETRY, Action.CHAT, Action.APPROVE_SANDBOX_COMMANDS),
            ApiKeys.Scope.INGEST, EnumSet.noneOf(Action.class));

    static {
        Set<Action> viewer = EnumSet.of(Action.VIEW_WORKSPACE, Action.READ_TELEMETRY, Action.CHAT, Action.READ_EVALS);
        Set<Action> member = union(viewer, EnumSet.of(Action.APPROVE_SANDBOX_COMMANDS, Action.MANAGE_OWN_API_KEYS,
                Action.MANAGE_ALERTS, Action.DECIDE_ACTIONS));
        Set<Action> admin = union(member, EnumSet.of(Action.MANAGE_MEMBERS, Action.MANAGE_KEYS, Action.MANAGE_PROJECTS,
                Action.READ_AUDIT_LOG, Action.MANAGE_INTEGRATIONS));
        Set<Action> owner = union(admin, EnumSet.of(Action.MANAGE_BILLING, Action.DELETE_WORKSPACE));
        ALLOWED.put(Role.VIEWER, viewer);
        ALLOWED.put(Role.MEMBER, member);
        ALLOWED.put(Role.ADMIN, admin);
        ALLOWED.put(Role.OWNER, owner);
    }

    private RolePolicy() {}

    public static boolean allows(Role role, Action action) {
        return ALLOWED.get(role).contains(action);
    }

    public static boolean allowsKey(ApiKeys.Scope scope, Action action) {
        return KEYS.get(scope).contains(action);
    }

    /** What this role may do. */
    public static Set<Action> actionsOf(Role role) {
        return Set.copyOf(ALLOWED.get(role));
    }

    private static Set<Action> union(Set<Action> lower, Set<Action> more) {
        EnumSet<Action> all = EnumSet.copyOf(lower);
        all.addAll(more);
        return all;
    }
}
