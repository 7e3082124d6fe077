import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';

export type Role = 'owner' | 'admin' | 'member' | 'viewer';

export const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];

/** One of the caller's workspaces; slug and name come from newer services only. */
export interface WorkspaceRole {
  workspaceId: string;
  role: Role;
  slug?: string;
  name?: string;
}

export interface Person {
  id: string;
  email: string;
  name: string | null;
  avatarUrl: string | null;
}

export interface Me {
  kind: 'person' | 'key';
  credential: string;
  user: Person | null;
  workspaces: WorkspaceRole[];
}

/** What the URL calls a workspace: its slug, or its id. */
export function workspaceKey(workspace: WorkspaceRole): string {
  return workspace.slug ?? workspace.workspaceId;
}

export function workspaceLabel(workspace: WorkspaceRole): string {
  return workspace.name ?? workspace.slug ?? workspace.workspaceId;
}

export function findWorkspace(me: Me, key: string): WorkspaceRole | undefined {
  return me.workspaces.find((w) => w.slug === key || w.workspaceId === key);
}

/** Owners and admins manage members; the service checks again, this only greys buttons out. */
export function canManageMembers(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api.get<Me>('/api/v1/me'), staleTime: 60_000 });
}
