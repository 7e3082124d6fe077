/** The keys page's pure parts: its place in the URL, a key's state, the order of the list. */

export type KeyScope = 'ingest' | 'read';
export const KEY_SCOPES: readonly KeyScope[] = ['read', 'ingest'];

export interface ApiKey {
  id: string;
  name: string;
  scope: KeyScope;
  /** The secret's first characters, to tell keys apart; never the secret. */
  prefix: string;
  /** Who made it; null for keys the service made (the demo keys). */
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** What the URL holds: whether revoked and expired keys are listed too. */
export interface KeysView {
  showAll: boolean;
}

export function parseKeysView(params: URLSearchParams): KeysView {
  return { showAll: params.get('show') === 'all' };
}

export function formatKeysView(view: KeysView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.showAll) {
    params.set('show', 'all');
  }
  return params;
}

export type KeyStatus = 'active' | 'expired' | 'revoked';

export function keyStatus(key: ApiKey, now: Date): KeyStatus {
  if (key.revokedAt !== null) {
    return 'revoked';
  }
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()) {
    return 'expired';
  }
  return 'active';
}

/** Active keys first, then newest first; revoked and expired ones only when asked for. */
export function listedKeys(keys: readonly ApiKey[], view: KeysView, now: Date): ApiKey[] {
  return keys
    .filter((key) => view.showAll || keyStatus(key, now) === 'active')
    .sort((a, b) => {
      const activeFirst = Number(keyStatus(b, now) === 'active') - Number(keyStatus(a, now) === 'active');
      return activeFirst !== 0 ? activeFirst : b.createdAt.localeCompare(a.createdAt);
    });
}

/** The expiry choices of the create form, in days; 0 is never. */
export const EXPIRY_DAYS = [0, 30, 90, 365] as const;

export function expiresAt(days: number, now: Date): string | null {
  return days === 0 ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
}
