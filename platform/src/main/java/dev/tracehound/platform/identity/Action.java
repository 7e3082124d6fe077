package dev.tracehound.platform.identity;

/** What a person may ask to do in a workspace; {@link RolePolicy} says which role may do which. */
public enum Action {
    /** See the workspace: its settings, projects and members; leave it. */
    VIEW_WORKSPACE,
    READ_TELEMETRY,
    CHAT,
    APPROVE_SANDBOX_COMMANDS,
    MANAGE_OWN_API_KEYS,
    MANAGE_MEMBERS,
    MANAGE_KEYS,
    MANAGE_PROJECTS,
    READ_AUDIT_LOG,
    MANAGE_BILLING,
    DELETE_WORKSPACE
}
