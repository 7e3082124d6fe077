import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../app/me';
import { api } from '../../lib/api';
import type { Seats } from './seats';

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  takesSeat: boolean;
  since: string;
}

export interface Members {
  members: Member[];
  seats: Seats;
}

export interface IssuedInvitation {
  invitation: { id: string; email: string; role: Role; expiresAt: string };
  /** Shown once: the service keeps only its hash. */
  token: string;
}

const base = (workspace: string) => `/api/v1/workspaces/${encodeURIComponent(workspace)}`;
const membersKey = (workspace: string) => ['workspaces', workspace, 'members'];

export function useMembers(workspace: string) {
  return useQuery({ queryKey: membersKey(workspace), queryFn: () => api.get<Members>(`${base(workspace)}/members`) });
}

export function useChangeRole(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api.patch(`${base(workspace)}/members/${encodeURIComponent(userId)}`, { role }),
    onSettled: () => queries.invalidateQueries({ queryKey: membersKey(workspace) }),
  });
}

export function useRemoveMember(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`${base(workspace)}/members/${encodeURIComponent(userId)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: membersKey(workspace) }),
  });
}

export function useInvite(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (invitation: { email: string; role: Role }) =>
      api.post<IssuedInvitation>(`${base(workspace)}/invitations`, invitation),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['workspaces', workspace, 'invitations'] }),
  });
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  status: string;
  createdAt: string;
  expiresAt: string;
}

const invitationsKey = (workspace: string) => ['workspaces', workspace, 'invitations'];

/** Only owners and admins may list invitations, so the query waits for `enabled`. */
export function useInvitations(workspace: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(workspace),
    queryFn: () => api.get<Invitation[]>(`${base(workspace)}/invitations`),
    enabled,
  });
}

export function useRevokeInvitation(workspace: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspace)}/invitations/${encodeURIComponent(id)}`),
    onSettled: () => queries.invalidateQueries({ queryKey: invitationsKey(workspace) }),
  });
}
