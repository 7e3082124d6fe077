/**
 * The audit page's place in the URL: the API's own filter names (actorKind, actorId, action,
 * from, to) and the page's cursor, so a link reproduces the view and the API query is the same
 * words. Pure, so the round trip is tested without a browser.
 */

/** The service's AuditAction values, lower case as the API writes them. */
export const AUDIT_ACTIONS = [
  'workspace_claimed_by_first_user',
  'allowed_email_domains_changed',
  'member_joined_by_email_domain',
  'member_role_changed',
  'member_removed',
  'invitation_created',
  'invitation_revoked',
  'invitation_accepted',
  'workspace_renamed',
  'project_created',
  'project_renamed',
  'project_deletion_started',
  'api_key_created',
  'api_key_rotated',
  'api_key_revoked',
  'plan_changed',
  'demo_member_seeded',
  'action_created',
  'action_enabled',
  'action_disabled',
  'action_deleted',
  'action_proposed',
  'action_approved',
  'action_denied',
  'action_escalated',
  'action_expired',
  'action_executed',
  'action_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ACTOR_KINDS = ['user', 'api_key', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface AuditFilters {
  actorKind?: ActorKind;
  actorId?: string;
  action?: AuditAction;
  /** ISO-8601 instants, the range [from, to). */
  from?: string;
  to?: string;
  /** The page: the `nextCursor` the previous page gave; none for the newest entries. */
  cursor?: string;
}

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDER = ['actorKind', 'actorId', 'action', 'from', 'to', 'cursor'] as const;

function oneOf<T extends string>(values: readonly T[], text: string | null): T | undefined {
  return values.find((value) => value === text);
}

/** An instant as the service reads it, or undefined when the text is no date. */
export function instantOf(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined || text.trim() === '') {
    return undefined;
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** What the URL says; anything the service would refuse (an unknown action, a bad date) is left out. */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const actorId = params.get('actorId') ?? '';
  const cursor = params.get('cursor') ?? '';
  const filters: AuditFilters = {
    actorKind: oneOf(ACTOR_KINDS, params.get('actorKind')),
    actorId: UUID.test(actorId) ? actorId.toLowerCase() : undefined,
    action: oneOf(AUDIT_ACTIONS, params.get('action')),
    from: instantOf(params.get('from')),
    to: instantOf(params.get('to')),
    cursor: cursor === '' ? undefined : cursor,
  };
  return withoutEmpty(filters);
}

/** The URL's search params for these filters, always in the same order. */
export function formatAuditFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ORDER) {
    const value = filters[name];
    if (value !== undefined && value !== '') {
      params.set(name, value);
    }
  }
  return params;
}

/** The audit API's query string for one page of these filters. */
export function auditQuery(filters: AuditFilters, limit: number = AUDIT_PAGE_SIZE): string {
  const params = formatAuditFilters(filters);
  params.set('limit', String(limit));
  return params.toString();
}

/** The CSV export's query string: every entry of the filters, so no page. */
export function auditCsvQuery(filters: AuditFilters): string {
  return formatAuditFilters({ ...filters, cursor: undefined }).toString();
}

/** A changed filter starts again at the newest entries. */
export function changeFilters(filters: AuditFilters, change: Partial<AuditFilters>): AuditFilters {
  return withoutEmpty({ ...filters, ...change, cursor: undefined });
}

/** The last `hours` up to now, for the range presets. */
export function lastHours(hours: number, now: Date): Pick<AuditFilters, 'from' | 'to'> {
  return { from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: undefined };
}

/** An instant as a `datetime-local` input shows it, in the browser's time zone, to the minute. */
export function toLocalInput(instant: string | undefined): string {
  if (instant === undefined) {
    return '';
  }
  const date = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` input's value (local time) as an instant; empty is no bound. */
export function fromLocalInput(value: string): string | undefined {
  return value === '' ? undefined : instantOf(value);
}

/** `api_key_created` as a person reads it: "API key created". */
export function actionLabel(action: string): string {
  const words = action.replace(/_/g, ' ').replace(/\bapi key\b/g, 'API key');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The entry's summary (a JSON object from the service) as label and value pairs, or its text. */
export function summaryParts(summary: string | null): [string, string][] | string {
  if (summary === null || summary.trim() === '') {
    return '';
  }
  try {
    const parsed: unknown = JSON.parse(summary);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return summary;
    }
    return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [
      key,
      value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value),
    ]);
  } catch {
    return summary;
  }
}

function withoutEmpty(filters: AuditFilters): AuditFilters {
  const kept: AuditFilters = {};
  for (const name of ORDER) {
    const value = filters[name];
    if (value !== undefined && value !== '') {
      Object.assign(kept, { [name]: value });
    }
  }
  return kept;
}

/**
 * The actor select's value for these filters: '' (anyone), 'user' (any person), 'user:<id>',
 * 'api_key' or 'system'.
 */
export function actorChoice(filters: AuditFilters): string {
  if (filters.actorKind === undefined) {
    return filters.actorId === undefined ? '' : `user:${filters.actorId}`;
  }
  return filters.actorId === undefined ? filters.actorKind : `${filters.actorKind}:${filters.actorId}`;
}

/** The filters an actor choice stands for. */
export function actorFilter(choice: string): Pick<AuditFilters, 'actorKind' | 'actorId'> {
  const [kind = '', id] = choice.split(':', 2);
  const params = new URLSearchParams();
  params.set('actorKind', kind);
  if (id !== undefined) {
    params.set('actorId', id);
  }
  const parsed = parseAuditFilters(params);
  return { actorKind: parsed.actorKind, actorId: parsed.actorId };
}
