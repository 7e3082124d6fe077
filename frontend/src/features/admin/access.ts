/**
 * Who may do what on the admin pages, after the role table of docs/identity.md (RolePolicy on
 * the service). The service checks every call again; these only decide what the page offers.
 */
import { canManageMembers, type Role } from '../../app/me';
import type { Page } from '../../app/paths';

export { canManageMembers };

/** Members and up make keys and rotate or revoke their own (MANAGE_OWN_API_KEYS). */
export function canMakeKeys(role: Role): boolean {
  return role !== 'viewer';
}

/** Admins and owners change every key of the workspace (MANAGE_KEYS). */
export function canManageEveryKey(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** A key's rotate and revoke: admins any key, members the keys they made. */
export function canChangeKey(role: Role, key: { createdBy: string | null }, userId: string | undefined): boolean {
  if (canManageEveryKey(role)) {
    return true;
  }
  return canMakeKeys(role) && userId !== undefined && key.createdBy === userId;
}

/** The audit log is for admins and owners (READ_AUDIT_LOG). */
export function canReadAudit(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/**
 * Whether a page of the navigation has anything for this role; the shell can grey out the
 * others. Members and viewers still open every page and read there why it is closed to them.
 */
export function pageOpenTo(page: Page, role: Role): boolean {
  switch (page) {
    case 'keys':
      return canMakeKeys(role);
    case 'audit':
      return canReadAudit(role);
    default:
      return true;
  }
}

/** Why an action is closed to this role, in words for a tooltip or a note. */
export const WHY_NOT = {
  members: 'Only owners and admins invite, change roles and remove members.',
  keys: 'Viewers neither see nor make API keys; members manage the keys they made, admins every key.',
  otherKey: 'Members rotate and revoke only the keys they made; ask an admin for this one.',
  audit: 'Only owners and admins read the audit log.',
} as const;
