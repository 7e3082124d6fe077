/** An incident's investigations as the page shows them: which is current, its evidence as a list. */
import type { Evidence, IncidentAlert, IncidentSummary, Investigation, Report } from './incidents';

/** The investigation asked for last (a re-run replaces the one before on the page). */
export function latestInvestigation(investigations: readonly Investigation[]): Investigation | undefined {
  return [...investigations].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))[0];
}

interface StoredEvidence {
  traceIds?: unknown;
  queries?: unknown;
}

interface StoredQuery {
  tool?: unknown;
  kind?: unknown;
  input?: unknown;
  result?: unknown;
  error?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A report's evidence as a list: the list when the service sends one, else its trace ids and tool calls. */
export function reportEvidence(report: Report): Evidence[] {
  if (report.evidence !== undefined) {
    return evidenceOf(report.evidence);
  }
  return evidenceOf({ traceIds: report.traceIds ?? [], queries: report.queries ?? [] });
}

/**
 * The evidence as a list, whether the service sends the list ({kind, title, detail, traceId}) or
 * the report as stored ({traceIds, queries}): trace ids first, then every tool call.
 */
export function evidenceOf(raw: unknown): Evidence[] {
  if (Array.isArray(raw)) {
    return raw.filter((item): item is Evidence => typeof item === 'object' && item !== null && 'kind' in item);
  }
  if (typeof raw !== 'object' || raw === null) {
    return [];
  }
  const stored = raw as StoredEvidence;
  const traces: Evidence[] = (Array.isArray(stored.traceIds) ? stored.traceIds : [])
    .filter((id): id is string => typeof id === 'string')
    .map((traceId) => ({ kind: 'trace', title: '', detail: null, traceId }));
  const queries: Evidence[] = (Array.isArray(stored.queries) ? (stored.queries as StoredQuery[]) : []).map((query) => {
    const tool = text(query.tool) ?? 'tool';
    const input = text(query.input) ?? '';
    const result = text(query.result) ?? '';
    return {
      kind: text(query.kind) ?? tool,
      title: `${tool}${query.error === true ? ' (failed)' : ''}`,
      detail: [input === '' ? '' : `input: ${input}`, result === '' ? '' : `result: ${result}`].filter(Boolean).join('\n'),
      traceId: null,
    };
  });
  return [...traces, ...queries];
}

/** Whether nobody was told of the incident: every alert silenced. */
export function silencedOf(incident: IncidentSummary): boolean {
  return incident.silenced ?? incident.notified === false;
}

/** How many of its alerts fire now (or, from a service that counts them all, how many it has). */
export function alertCountOf(incident: IncidentSummary): number {
  return incident.firingAlerts ?? incident.alertCount ?? 0;
}

/** The latest investigation's one-sentence summary, once it has a report. */
export function investigationSummary(incident: IncidentSummary): string | undefined {
  const investigation = incident.investigation;
  return investigation?.report?.summary ?? investigation?.summary ?? undefined;
}

/** Whether an alert still fires: the service says so, or it has not resolved. */
export function alertState(alert: IncidentAlert): 'pending' | 'firing' | 'resolved' {
  return alert.state ?? (alert.resolvedAt === null || alert.resolvedAt === undefined ? 'firing' : 'resolved');
}

/** The evidence split for the page: the traces it cites (each once), and the queries it ran with a count per kind. */
export function evidenceGroups(evidence: readonly Evidence[]): { traces: string[]; queries: Evidence[]; counts: string } {
  const traces = [...new Set(evidence.map((e) => e.traceId).filter((id): id is string => id !== null && id !== ''))];
  const queries = evidence.filter((e) => e.traceId === null || e.traceId === '');
  const byKind = new Map<string, number>();
  for (const query of queries) {
    byKind.set(query.kind, (byKind.get(query.kind) ?? 0) + 1);
  }
  const counts = [...byKind.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return { traces, queries, counts };
}
