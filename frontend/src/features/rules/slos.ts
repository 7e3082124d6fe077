import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

/** An SLO as the API reads and writes it: the objective in percent, the period in days. */
export interface SloBody {
  name: string;
  service: string | null;
  spanName: string | null;
  filters: Record<string, string>;
  /** A valid span slower than this is bad too; null: only failed spans are. */
  latencyThresholdMs: number | null;
  objective: number;
  periodDays: number;
  channelIds: string[];
  investigate: boolean;
  enabled: boolean;
}

export interface Burn {
  alert: string;
  window: string;
  valid: number;
  bad: number;
  rate: number;
  factor: number;
}

export interface SloStatus {
  valid: number;
  bad: number;
  /** 0..1 over the period. */
  goodRatio: number;
  /** The share of the budget left; negative once overspent. */
  budgetLeft: number;
  burns: Burn[];
}

export interface Slo {
  id: string;
  slo: SloBody;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  alerts: { name: string; longWindow: string; shortWindow: string; factor: number; severity: string }[];
  status: SloStatus | null;
}

export interface SloPreview {
  objective: number;
  fastBurnFactor: number;
  points: { at: string; valid: number; bad: number; burnRate: number }[];
}

const base = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}/slos`;
const slosKey = (project: string) => ['projects', project, 'slos'];

export function useSlos(project: string) {
  return useQuery({ queryKey: slosKey(project), queryFn: () => api.get<Slo[]>(base(project)) });
}

export function useSlo(project: string, slo: string | undefined) {
  return useQuery({
    queryKey: [...slosKey(project), slo],
    queryFn: () => api.get<Slo>(`${base(project)}/${encodeURIComponent(slo ?? '')}`),
    enabled: slo !== undefined,
  });
}

export function useSaveSlo(project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | undefined; body: SloBody }) =>
      id === undefined ? api.post<Slo>(base(project), body) : api.put<Slo>(`${base(project)}/${encodeURIComponent(id)}`, body),
    // The editor opens the saved one at once (no second read), the list reads again.
    onSuccess: (saved) => queries.setQueryData([...slosKey(project), saved.id], saved),
    onSettled: () => queries.invalidateQueries({ queryKey: slosKey(project), exact: true }),
  });
}

export function useDeleteSlo(project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(project)}/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: slosKey(project) }),
  });
}

export function useSloPreview(project: string, body: SloBody | undefined) {
  return useQuery({
    queryKey: [...slosKey(project), 'preview', body],
    queryFn: () => api.post<SloPreview>(`${base(project)}/preview`, body),
    enabled: body !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}
