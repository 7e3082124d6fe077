import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { Tier } from '../alerting/actions';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'executing' | 'executed' | 'failed';

export interface Vote {
  userId: string;
  email: string | null;
  decision: 'approve' | 'deny' | string;
  /** The tier the vote was given at. */
  tier?: Tier;
  at: string;
}

/** What the action's webhook answered once it ran. */
export interface ApprovalResult {
  statusCode: number;
  body: string | null;
  error: string | null;
  succeeded: boolean;
  finishedAt: string;
}

export interface Approval {
  id: string;
  /** The action's name (the service may send the action itself). */
  action: string | { name: string; description?: string; url?: string };
  input: unknown;
  reason: string;
  /** The tier now: the proposed one, or higher after an escalation. */
  tier: Tier;
  proposedTier?: Tier;
  /** Who approves at the tier now, in words ("an admin or owner"). */
  approvers?: string;
  status: ApprovalStatus;
  requestedAt: string;
  deadline: string;
  incidentId: string | null;
  sessionId: string | null;
  /** The project of the incident and session, when the service names it. */
  projectId?: string | null;
  votes: Vote[];
  result: ApprovalResult | null;
  /** Whether the caller's vote counts at the request's tier now. */
  canDecide: boolean;
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}/approvals`;
const approvalsKey = (workspace: string) => ['workspaces', workspace, 'approvals'];

/** Every request of the workspace; asked again every few seconds while one waits (deadlines move). */
export function useApprovals(workspace: string) {
  return useQuery({
    queryKey: approvalsKey(workspace),
    queryFn: () => api.get<Approval[]>(base(workspace)),
    refetchInterval: (query) => ((query.state.data ?? []).some((a) => a.status === 'pending' || a.status === 'executing') ? 5_000 : 30_000),
  });
}

export function useDecide(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'deny' }) =>
      api.post<Approval>(`${base(workspace)}/${encodeURIComponent(id)}/${decision}`),
    onSettled: () => queries.invalidateQueries({ queryKey: approvalsKey(workspace) }),
  });
}
