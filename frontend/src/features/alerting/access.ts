/**
 * Who may change what in incidents and alerting, after the role table of docs/identity.md
 * (RolePolicy on the service). The service checks every call again; these only decide what the
 * pages offer, and the words say why something is closed.
 */
import type { Role } from '../../app/me';

/** Alert rules, silences, re-running an investigation (MANAGE_ALERTS): members and up. */
export function canWriteAlerts(role: Role): boolean {
  return role !== 'viewer';
}

/** Notification channels and the action catalogue (MANAGE_INTEGRATIONS): admins and owners. */
export function canManageIntegrations(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

export const WHY_NOT_ALERTS = {
  write: 'Viewers read incidents, rules and silences; members and up write rules, silences and re-run investigations.',
  integrations:
    'Only admins and owners manage notification channels and the action catalogue (both hold signing secrets).',
  vote: 'Your role does not count at this request’s tier; the approvers it names decide it.',
} as const;
