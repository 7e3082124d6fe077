import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export interface Matcher {
  label: string;
  value: string;
  regex: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  /** Who made it: an email, or a user id. */
  createdBy: string;
  comment: string;
  createdAt: string;
  /** Who ended it early, or null. */
  expiredBy?: string | null;
  /** Where it stands now, as the service says. */
  status?: 'pending' | 'active' | 'expired';
  active?: boolean;
}

export interface NewSilence {
  matchers: Matcher[];
  /** Absent: now, by the service's clock. */
  startsAt?: string;
  endsAt: string;
  comment: string;
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}/silences`;
const silencesKey = (workspace: string) => ['workspaces', workspace, 'silences'];

/** The current silences (in effect or starting later), or with `all` the expired ones too. */
export function useSilences(workspace: string, all: boolean) {
  return useQuery({
    queryKey: [...silencesKey(workspace), all ? 'all' : 'current'],
    queryFn: () => api.get<Silence[]>(`${base(workspace)}${all ? '?show=all' : ''}`),
    refetchInterval: 60_000,
  });
}

export function useCreateSilence(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (silence: NewSilence) => api.post<Silence>(base(workspace), silence),
    onSettled: () => queries.invalidateQueries({ queryKey: silencesKey(workspace) }),
  });
}

/** Ends the silence now (the service keeps it, expired, for the record). */
export function useExpireSilence(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspace)}/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: silencesKey(workspace) }),
  });
}
