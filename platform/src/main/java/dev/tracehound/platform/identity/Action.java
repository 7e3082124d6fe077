package dev.tracehound.platform.identity;

/** What a person may ask to do in a workspace; {@link RolePolicy} says which role may do which. */
public enum Action {
    /** See the workspace: its settings, projects and members; leave it. */
    VIEW_WORKSPACE,
    READ_TELEMETRY,
    CHAT,
    /**
     * Read the agent's evaluation runs: they measure the product's agent on synthetic scenarios, not a
     * workspace's data, so a role in any workspace may read them.
     */
    READ_EVALS,
    APPROVE_SANDBOX_COMMANDS,
    MANAGE_OWN_API_KEYS,
    /** Write alert rules and SLOs, silence alerts, re-run an investigation. */
    MANAGE_ALERTS,
    /** Vote on an action the agent proposed; the action's risk tier says whose vote counts. */
    DECIDE_ACTIONS,
    MANAGE_MEMBERS,
    MANAGE_KEYS,
    MANAGE_PROJECTS,
    READ_AUDIT_LOG,
    /** The workspace's notification channels and its catalogue of actions (both hold signing secrets). */
    MANAGE_INTEGRATIONS,
    MANAGE_BILLING,
    DELETE_WORKSPACE
}
