import { ConfirmButton } from './ConfirmButton';
import { type ApiKey, keyStatus } from './keysView';

interface Props {
  apiKey: ApiKey;
  /** Who made it, as a person reads it. */
  maker: string;
  /** Why this caller may not rotate or revoke it; undefined when they may. */
  why?: string;
  busy: boolean;
  onRotate: () => void;
  onRevoke: () => void;
}

const when = (instant: string | null, none: string) => (instant === null ? none : new Date(instant).toLocaleString());

export function KeyRow({ apiKey: key, maker, why, busy, onRotate, onRevoke }: Props) {
  const status = keyStatus(key, new Date());
  const closed = why !== undefined || busy;
  return (
    <tr data-testid="key-row" data-key-name={key.name}>
      <td>
        {key.name}
        <div className="quiet">
          <code>{key.prefix}…</code>
        </div>
      </td>
      <td>{key.scope}</td>
      <td>{maker}</td>
      <td>{when(key.createdAt, '—')}</td>
      <td>{when(key.lastUsedAt, 'never')}</td>
      <td>{when(key.expiresAt, 'never')}</td>
      <td className={`admin-status admin-status-${status}`}>{status}</td>
      <td>
        {status === 'active' && (
          <div className="admin-actions">
            <ConfirmButton
              label="Rotate"
              name={`Rotate key ${key.name}`}
              question="A new secret replaces this one, which stops working (within 30 s)."
              confirmLabel="Rotate now"
              disabled={closed}
              why={why}
              onConfirm={onRotate}
            />
            <ConfirmButton
              label="Revoke"
              name={`Revoke key ${key.name}`}
              question="Whatever uses this key stops within 30 s. This cannot be undone."
              confirmLabel="Revoke key"
              disabled={closed}
              why={why}
              onConfirm={onRevoke}
            />
          </div>
        )}
      </td>
    </tr>
  );
}
