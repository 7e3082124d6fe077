import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type Tier = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const TIERS: readonly Tier[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Who approves a request of each tier and how long it waits (RiskTier on the service). */
export const TIER_RULES: Record<Tier, { approvers: string; wait: string }> = {
  info: { approvers: 'nobody (approved as proposed)', wait: 'runs at once' },
  low: { approvers: 'any member', wait: '15 min' },
  medium: { approvers: 'an admin or owner', wait: '30 min' },
  high: { approvers: 'two people, one of them an owner', wait: '1 h' },
  critical: { approvers: 'an owner', wait: '2 h' },
};

export interface Action {
  id: string;
  name: string;
  description: string;
  url: string;
  tier: Tier;
  /** Who approves its requests and how long they wait, in the service's words. */
  approvers?: string;
  waits?: string;
  enabled: boolean;
}

export interface NewAction {
  name: string;
  description: string;
  url: string;
  tier: Tier;
}

/** POST's answer: the action, with its signing secret shown once when the service makes one. */
export type CreatedAction = Action | { action: Action; secret?: string | null };

/** The secret of a created action, if the answer carries one. */
export function secretOf(created: CreatedAction): { action: Action; secret: string | undefined } {
  if ('action' in created) {
    return { action: created.action, secret: created.secret ?? undefined };
  }
  return { action: created, secret: undefined };
}

/** An action's name as the model calls it: a lower-case slug (letters, digits, _ and -), from a letter. */
export const ACTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}/actions`;
const actionsKey = (workspace: string) => ['workspaces', workspace, 'actions'];

export function useActions(workspace: string) {
  return useQuery({ queryKey: actionsKey(workspace), queryFn: () => api.get<Action[]>(base(workspace)), retry: false });
}

export function useCreateAction(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (action: NewAction) => api.post<CreatedAction>(base(workspace), action),
    onSettled: () => queries.invalidateQueries({ queryKey: actionsKey(workspace) }),
  });
}

export function useDeleteAction(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspace)}/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: actionsKey(workspace) }),
  });
}
