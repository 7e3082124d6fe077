import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { IncidentStatusFilter } from './incidentsView';

/** The incidents API's words, as docs/incidents.md and the OpenAPI document give them. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export type InvestigationStatus = 'queued' | 'running' | 'done' | 'failed';

/** An investigation as the incident's page shows it; the list carries the latest with its report. */
export interface Investigation {
  id: string;
  status: InvestigationStatus;
  requestedBy: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  sessionId: string | null;
  error: string | null;
  report: Report | null;
}

/**
 * An incident as listed. `firingAlerts` and `notified` are the service's words (`notified` false:
 * every alert was silenced); `alertCount` and `silenced` the same in other words, read when present.
 */
export interface IncidentSummary {
  id: string;
  title: string;
  service: string;
  groupLabels?: Record<string, string>;
  severity: Severity;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt: string | null;
  firingAlerts?: number;
  alertCount?: number;
  notified?: boolean;
  silenced?: boolean;
  investigation: (Partial<Investigation> & { id: string; status: InvestigationStatus; summary?: string | null }) | null;
}

/** One alert of an incident; resolved once `resolvedAt` is set. */
export interface IncidentAlert {
  source: string;
  seriesKey: string;
  labels: Record<string, string>;
  severity: Severity;
  value: number | null;
  baseline: number | null;
  volume?: number;
  summary: string;
  firedAt?: string;
  resolvedAt?: string | null;
  silencedBy?: string | null;
  state?: 'pending' | 'firing' | 'resolved';
  since?: string;
}

export interface TimelineEvent {
  id?: number;
  at: string;
  kind: string;
  /** `tracehound` for what the service did, else a person's user id (or email). */
  actor: string;
  detail: Record<string, unknown>;
}

/** A tool call the investigation made, its input and a trimmed result. */
export interface ReportQuery {
  tool: string;
  kind: string;
  input: string;
  result: string;
  error: boolean;
}

export interface Evidence {
  kind: string;
  title: string;
  detail: string | null;
  traceId: string | null;
}

/** What an investigation found: its evidence as trace ids and tool calls (or, in other words, a list). */
export interface Report {
  summary: string;
  suspectedCause: string;
  confidence: string;
  notDetermined: string;
  traceIds?: string[];
  queries?: ReportQuery[];
  evidence?: Evidence[];
  sessionId?: string | null;
  markdown: string;
}

export interface IncidentDetail {
  incident: IncidentSummary;
  /** Every alert silenced: nobody was told. */
  silenced?: boolean;
  alerts: IncidentAlert[];
  timeline: TimelineEvent[];
  investigations: Investigation[];
}

export interface CurrentAlert {
  source: string;
  seriesKey: string;
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  severity: Severity;
  value: number | null;
  baseline: number | null;
  summary: string;
  since: string;
  lastEvaluatedAt?: string;
  incidentId: string | null;
}

const base = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}`;
const incidentsKey = (project: string) => ['projects', project, 'incidents'];

/** How often a page with something still moving asks again (an investigation running, alerts). */
export const REFRESH_MS = 5_000;

export function useIncidents(project: string, status: IncidentStatusFilter) {
  return useQuery({
    queryKey: [...incidentsKey(project), 'list', status],
    queryFn: () => api.get<IncidentSummary[]>(`${base(project)}/incidents?status=${status}`),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

/** One incident; asked again every few seconds while an investigation of it is queued or running. */
export function useIncident(project: string, incident: string | undefined) {
  return useQuery({
    queryKey: [...incidentsKey(project), 'one', incident],
    queryFn: () => api.get<IncidentDetail>(`${base(project)}/incidents/${encodeURIComponent(incident ?? '')}`),
    enabled: incident !== undefined,
    refetchInterval: (query) => (investigating(query.state.data) ? REFRESH_MS : 30_000),
  });
}

export function investigating(detail: IncidentDetail | undefined): boolean {
  return (detail?.investigations ?? []).some((i) => i.status === 'queued' || i.status === 'running');
}

export function useAlerts(project: string) {
  return useQuery({
    queryKey: ['projects', project, 'alerts'],
    queryFn: () => api.get<CurrentAlert[]>(`${base(project)}/alerts`),
    refetchInterval: 15_000,
  });
}

export function useRerunInvestigation(project: string, incident: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Investigation>(`${base(project)}/incidents/${encodeURIComponent(incident)}/investigations`),
    onSettled: () => queries.invalidateQueries({ queryKey: incidentsKey(project) }),
  });
}
