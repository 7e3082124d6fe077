package dev.tracehound.platform.identity;

/**
 * The actions the audit log records; each writes exactly one row, in the transaction of the
 * change. A call that changes nothing (the same name again, a key revoked twice) writes none.
 */
public enum AuditAction {
    WORKSPACE_CLAIMED_BY_FIRST_USER,
    ALLOWED_EMAIL_DOMAINS_CHANGED,
    MEMBER_JOINED_BY_EMAIL_DOMAIN,
    MEMBER_ROLE_CHANGED,
    MEMBER_REMOVED,
    INVITATION_CREATED,
    INVITATION_REVOKED,
    INVITATION_ACCEPTED,
    WORKSPACE_RENAMED,
    PROJECT_CREATED,
    PROJECT_RENAMED,
    PROJECT_DELETION_STARTED,
    API_KEY_CREATED,
    API_KEY_ROTATED,
    API_KEY_REVOKED,
    /** The workspace's plan or its billing status changed (billing's door, WorkspacePlans). */
    PLAN_CHANGED,
    /** By the service (a system actor): a local development demo user given their role. */
    DEMO_MEMBER_SEEDED,
    /** The workspace's catalogue of actions the agent may propose (incidents' approve package). */
    ACTION_CREATED,
    ACTION_ENABLED,
    ACTION_DISABLED,
    ACTION_DELETED,
    /** By the service: the agent proposed an action, which waits for its tier's approvals (or runs, tier info). */
    ACTION_PROPOSED,
    /** A person approved a proposed action; the summary says whether its tier's approvals are complete. */
    ACTION_APPROVED,
    ACTION_DENIED,
    /** By the service: a request unanswered by its deadline went to the next tier's approvers. */
    ACTION_ESCALATED,
    /** By the service: a request unanswered after the critical tier's wait. */
    ACTION_EXPIRED,
    /** By the service: an approved action's webhook answered 2xx. */
    ACTION_EXECUTED,
    /** By the service: an approved action's webhook failed, or the action was disabled or deleted meanwhile. */
    ACTION_FAILED
}
