import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { ApiKey, KeyScope } from './keysView';

/** A new or rotated key: the secret is in this answer only (the service keeps its hash). */
export interface IssuedKey {
  key: ApiKey;
  secret: string;
}

export interface NewKey {
  name: string;
  scope: KeyScope;
  expiresAt: string | null;
}

const base = (workspace: string, project: string) =>
  `/api/v1/workspaces/${encodeURIComponent(workspace)}/projects/${encodeURIComponent(project)}/keys`;
const keysKey = (workspace: string, project: string) => ['workspaces', workspace, 'projects', project, 'keys'];

/** Viewers may not list keys, so the query waits for `enabled`. */
export function useKeys(workspace: string, project: string, enabled: boolean) {
  return useQuery({
    queryKey: keysKey(workspace, project),
    queryFn: () => api.get<ApiKey[]>(base(workspace, project)),
    enabled,
  });
}

export function useCreateKey(workspace: string, project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (key: NewKey) => api.post<IssuedKey>(base(workspace, project), key),
    onSettled: () => queries.invalidateQueries({ queryKey: keysKey(workspace, project) }),
  });
}

export function useRotateKey(workspace: string, project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<IssuedKey>(`${base(workspace, project)}/${encodeURIComponent(id)}/rotate`),
    onSettled: () => queries.invalidateQueries({ queryKey: keysKey(workspace, project) }),
  });
}

export function useRevokeKey(workspace: string, project: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspace, project)}/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: keysKey(workspace, project) }),
  });
}
