package dev.tracehound.platform.identity;

/** The admin actions the audit log records; each writes exactly one row. */
public enum AuditAction {
    WORKSPACE_CLAIMED_BY_FIRST_USER,
    ALLOWED_EMAIL_DOMAINS_CHANGED,
    MEMBER_JOINED_BY_EMAIL_DOMAIN,
    MEMBER_ROLE_CHANGED,
    MEMBER_REMOVED,
    INVITATION_CREATED,
    INVITATION_REVOKED,
    INVITATION_ACCEPTED
}
