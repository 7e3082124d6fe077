/** An incident's timeline and alerts as people read them: pure, tested without a browser. */
import type { IncidentAlert, TimelineEvent } from './incidents';
import { alertState } from './report';

const KINDS: Record<string, string> = {
  fired: 'Fired',
  'alert-resolved': 'Alert resolved',
  silenced: 'Silenced',
  unsilenced: 'No longer silenced',
  'investigation-started': 'Investigation started',
  'investigation-queued': 'Investigation queued',
  'report-ready': 'Investigated: report ready',
  'investigation-failed': 'Investigation failed',
  notified: 'Notified',
  'approval-requested': 'Approval requested',
  approved: 'Approved',
  denied: 'Denied',
  expired: 'Approval expired',
  escalated: 'Approval escalated',
  executed: 'Action executed',
  'execution-failed': 'Action failed',
  resolved: 'Resolved',
};

/** `report-ready` → "Investigated: report ready"; a kind not known here in plain words. */
export function kindLabel(kind: string): string {
  const known = KINDS[kind];
  if (known !== undefined) {
    return known;
  }
  const words = kind.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of an event's detail worth a line, in this order, and the words for each; ids are left out. */
const TELLING: readonly (readonly [string, string | undefined])[] = [
  ['summary', undefined],
  ['error', undefined],
  ['reason', 'reason'],
  ['notification', 'notification'],
  ['check', 'by'],
  ['comment', 'why'],
  ['created_by', 'silenced by'],
  ['action', 'action'],
  ['decision', 'decision'],
];
const LEFT_OUT = new Set(['key', 'series_key', 'silence_id', 'investigation_id', 'session_id', 'source', 'labels', 'severity', 'value', 'baseline']);

/**
 * An event's detail in one line: its telling fields first (a summary, an error, a reason), then
 * the others as key: value; ids left out, a list of channels counted, how long it was open in words.
 */
export function detailLine(detail: Record<string, unknown>): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const show = (key: string, value: unknown, name: string | undefined) => {
    seen.add(key);
    const text = plain(value);
    if (text !== undefined && text !== '') {
      parts.push(name === undefined ? text : `${name}: ${text}`);
    }
  };
  for (const [key, name] of TELLING) {
    show(key, detail[key], name);
  }
  for (const [key, value] of Object.entries(detail)) {
    if (seen.has(key) || LEFT_OUT.has(key)) {
      continue;
    }
    if (key === 'channels' && Array.isArray(value)) {
      parts.push(value.length === 1 ? 'to 1 channel' : `to ${value.length} channels`);
    } else if (key === 'open_seconds' && typeof value === 'number') {
      parts.push(`open ${minutes(value)}`);
    } else {
      show(key, value, key.replace(/_/g, ' '));
    }
  }
  return parts.join(' · ');
}

function minutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}

function plain(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.join(', ');
  }
  return undefined;
}

/** Who did it: the service, you, a member by email (given, or found by id), or someone no longer in the workspace. */
export function actorLabel(actor: string, emails: ReadonlyMap<string, string>, me: string | undefined): string {
  if (actor === 'tracehound' || actor === '') {
    return 'Tracehound';
  }
  if (actor === me) {
    return 'you';
  }
  if (actor.includes('@')) {
    return actor;
  }
  return emails.get(actor) ?? 'a former member';
}

/** Oldest first, as the incident unfolded; equal times keep the service's order. */
export function inOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.index - b.index)
    .map(({ event }) => event);
}

/** "3 min ago", "2 h 5 min ago", "in 4 min": a time near now, to the minute. */
export function relative(at: string, now: number): string {
  const ms = Date.parse(at) - now;
  if (Number.isNaN(ms)) {
    return '—';
  }
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text =
    minutes < 1
      ? 'less than a minute'
      : minutes < 60
        ? `${minutes} min`
        : minutes < 48 * 60
          ? `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`
          : `${Math.floor(minutes / 1440)} days`;
  return ms <= 0 ? `${text} ago` : `in ${text}`;
}

/** Where an alert came from: "rule" (with its id) or "anomaly detector". */
export function alertOrigin(source: string): { kind: 'rule'; rule: string } | { kind: 'anomaly'; detector: string } {
  if (source.startsWith('rule:')) {
    return { kind: 'rule', rule: source.slice('rule:'.length) };
  }
  return { kind: 'anomaly', detector: source.replace(/^anomaly:/, '') };
}

/** The alert worth charting: the first firing one with a value, else any with a value. */
export function chartedAlert(alerts: readonly IncidentAlert[]): IncidentAlert | undefined {
  const valued = alerts.filter((a) => a.value !== null);
  return valued.find((a) => alertState(a) === 'firing') ?? valued[0];
}

/** Value and baseline as two bars' widths (percent of the larger), for an alert without a series. */
export function barsOf(value: number, baseline: number | null): { value: number; baseline: number | null } {
  const top = Math.max(Math.abs(value), Math.abs(baseline ?? 0));
  if (top === 0) {
    return { value: 0, baseline: baseline === null ? null : 0 };
  }
  const pct = (n: number) => Math.round((Math.abs(n) / top) * 1000) / 10;
  return { value: pct(value), baseline: baseline === null ? null : pct(baseline) };
}

/** "× 4.2 the baseline" or "+0.31 over the baseline": how far an alert is from normal. */
export function departure(value: number | null, baseline: number | null): string | undefined {
  if (value === null || baseline === null) {
    return undefined;
  }
  if (baseline !== 0 && Math.sign(baseline) === Math.sign(value)) {
    return `× ${(value / baseline).toPrecision(2)} the baseline`;
  }
  const delta = value - baseline;
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toPrecision(2)} ${delta >= 0 ? 'over' : 'under'} the baseline`;
}

/** An alert's labels in one line: `service=checkout, route=/pay`. */
export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}
