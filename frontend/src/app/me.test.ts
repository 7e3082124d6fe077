import { describe, expect, it } from 'vitest';
import { canManageMembers, findWorkspace, type Me, ROLES, workspaceKey, workspaceLabel } from './me';

const me: Me = {
  kind: 'person',
  credential: 'session',
  user: { id: 'u1', email: 'owner@demo.local', name: 'Owner', avatarUrl: null },
  workspaces: [
    { workspaceId: 'w-1', role: 'owner', slug: 'acme', name: 'Acme' },
    { workspaceId: 'w-2', role: 'viewer' },
  ],
};

describe('a workspace in the URL', () => {
  it('is named by its slug when the service gives one, else by its id', () => {
    expect(me.workspaces.map(workspaceKey)).toEqual(['acme', 'w-2']);
    expect(me.workspaces.map(workspaceLabel)).toEqual(['Acme', 'w-2']);
  });

  it('is found by slug or by id', () => {
    expect(findWorkspace(me, 'acme')?.workspaceId).toBe('w-1');
    expect(findWorkspace(me, 'w-1')?.role).toBe('owner');
    expect(findWorkspace(me, 'w-2')?.role).toBe('viewer');
    expect(findWorkspace(me, 'globex')).toBeUndefined();
  });
});

describe('member actions', () => {
  it('are open to owners and admins only', () => {
    expect(ROLES.map(canManageMembers)).toEqual([true, true, false, false]);
  });
});
