package dev.tracehound.platform.identity;

/** What a person may ask to do in a workspace; {@link RolePolicy} says which role may do which. */
public enum Action {
    READ_TELEMETRY,
    CHAT,
    APPROVE_SANDBOX_COMMANDS,
    MANAGE_OWN_API_KEYS,
    MANAGE_MEMBERS,
    MANAGE_KEYS,
    MANAGE_PROJECTS,
    MANAGE_BILLING,
    DELETE_WORKSPACE
}
