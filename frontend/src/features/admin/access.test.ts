import { describe, expect, it } from 'vitest';
import { ROLES } from '../../app/me';
import { canChangeKey, canMakeKeys, canManageEveryKey, canReadAudit, pageOpenTo } from './access';

describe('the admin pages follow the role table', () => {
  it('lets owners, admins and members make keys, but not viewers', () => {
    expect(ROLES.map(canMakeKeys)).toEqual([true, true, true, false]);
  });

  it('lets only owners and admins change every key', () => {
    expect(ROLES.map(canManageEveryKey)).toEqual([true, true, false, false]);
  });

  it('lets a member rotate and revoke the keys they made, and no other', () => {
    expect(canChangeKey('member', { createdBy: 'u1' }, 'u1')).toBe(true);
    expect(canChangeKey('member', { createdBy: 'u2' }, 'u1')).toBe(false);
    expect(canChangeKey('member', { createdBy: null }, 'u1')).toBe(false);
    expect(canChangeKey('member', { createdBy: null }, undefined)).toBe(false);
  });

  it('lets an admin change a key someone else made, or the service', () => {
    expect(canChangeKey('admin', { createdBy: 'u2' }, 'u1')).toBe(true);
    expect(canChangeKey('owner', { createdBy: null }, 'u1')).toBe(true);
  });

  it('never lets a viewer change a key, even one with their id', () => {
    expect(canChangeKey('viewer', { createdBy: 'u1' }, 'u1')).toBe(false);
  });

  it('opens the audit log to owners and admins only', () => {
    expect(ROLES.map(canReadAudit)).toEqual([true, true, false, false]);
  });

  it('greys out the keys page for viewers and the audit log for members and viewers', () => {
    expect(ROLES.map((role) => pageOpenTo('keys', role))).toEqual([true, true, true, false]);
    expect(ROLES.map((role) => pageOpenTo('audit', role))).toEqual([true, true, false, false]);
    expect(ROLES.map((role) => pageOpenTo('members', role))).toEqual([true, true, true, true]);
    expect(pageOpenTo('chat', 'viewer')).toBe(true);
  });
});
