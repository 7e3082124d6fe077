import { describe, expect, it } from 'vitest';
import { type ApiKey, expiresAt, formatKeysView, keyStatus, listedKeys, parseKeysView } from './keysView';

const now = new Date('2026-12-08T12:00:00Z');

function key(name: string, change: Partial<ApiKey> = {}): ApiKey {
  return {
    id: `id-${name}`,
    name,
    scope: 'read',
    prefix: 'thk_abcd',
    createdBy: 'u1',
    createdAt: '2026-12-01T00:00:00Z',
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    ...change,
  };
}

describe('the keys page in the URL', () => {
  it.each([{ showAll: false }, { showAll: true }])('reads back what it wrote: %o', (view) => {
    expect(parseKeysView(formatKeysView(view))).toEqual(view);
  });

  it('lists only the working keys unless the link says show=all', () => {
    expect(formatKeysView({ showAll: false }).toString()).toBe('');
    expect(parseKeysView(new URLSearchParams('show=everything'))).toEqual({ showAll: false });
  });
});

describe('a key', () => {
  it('is revoked once revoked, expired after its expiry, else active', () => {
    expect(keyStatus(key('a', { revokedAt: '2026-12-02T00:00:00Z' }), now)).toBe('revoked');
    expect(keyStatus(key('b', { expiresAt: '2026-12-08T11:59:59Z' }), now)).toBe('expired');
    expect(keyStatus(key('c', { expiresAt: '2026-12-09T00:00:00Z' }), now)).toBe('active');
    expect(keyStatus(key('d'), now)).toBe('active');
  });

  it('made with an expiry of 30 days expires 30 days from now; 0 days is never', () => {
    expect(expiresAt(30, now)).toBe('2027-01-07T12:00:00.000Z');
    expect(expiresAt(0, now)).toBeNull();
  });
});

describe('the list of keys', () => {
  const keys = [
    key('old', { createdAt: '2026-11-01T00:00:00Z' }),
    key('revoked', { createdAt: '2026-12-05T00:00:00Z', revokedAt: '2026-12-06T00:00:00Z' }),
    key('new', { createdAt: '2026-12-07T00:00:00Z' }),
  ];

  it('shows the working keys, newest first', () => {
    expect(listedKeys(keys, { showAll: false }, now).map((k) => k.name)).toEqual(['new', 'old']);
  });

  it('shows revoked keys after the working ones when asked', () => {
    expect(listedKeys(keys, { showAll: true }, now).map((k) => k.name)).toEqual(['new', 'old', 'revoked']);
  });
});
