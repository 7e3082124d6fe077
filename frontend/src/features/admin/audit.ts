import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { auditCsvQuery, auditQuery, type AuditFilters } from './auditFilters';

export interface AuditEntry {
  id: number;
  occurredAt: string;
  actorKind: 'user' | 'api_key' | 'system';
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  /** A JSON object of what changed, as the service wrote it. */
  summary: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The cursor of the next (older) page; null on the last. */
  nextCursor: string | null;
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}/audit`;

/** One page of the filtered log; only owners and admins may read it, so it waits for `enabled`. */
export function useAudit(workspace: string, filters: AuditFilters, enabled: boolean) {
  const query = auditQuery(filters);
  return useQuery({
    queryKey: ['workspaces', workspace, 'audit', query],
    queryFn: () => api.get<AuditPage>(`${base(workspace)}?${query}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The CSV export of every entry the filters match (a plain link: the browser downloads it). */
export function auditCsvHref(workspace: string, filters: AuditFilters): string {
  const query = auditCsvQuery(filters);
  return `${base(workspace)}.csv${query === '' ? '' : `?${query}`}`;
}
