import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../app/states';
import { type IssuedKey, useCreateKey } from './keys';
import { EXPIRY_DAYS, expiresAt, KEY_SCOPES, type KeyScope } from './keysView';

interface Props {
  workspace: string;
  project: string;
  /** Why the form is closed to this role; undefined when it is open. */
  why?: string;
  onCreated: (issued: IssuedKey) => void;
}

const SCOPE_HELP: Record<KeyScope, string> = {
  read: 'read: the query API and the agent',
  ingest: 'ingest: sends telemetry (OTLP)',
};

export function KeyCreateForm({ workspace, project, why, onCreated }: Props) {
  const create = useCreateKey(workspace, project);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<KeyScope>('read');
  const [days, setDays] = useState<number>(0);
  const closed = why !== undefined;
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), scope, expiresAt: expiresAt(days, new Date()) },
      {
        onSuccess: (issued) => {
          setName('');
          onCreated(issued);
        },
      },
    );
  }
  return (
    <section className="admin-create">
      <h3>Create a key</h3>
      <form onSubmit={submit}>
        <label>
          Name
          <input
            required
            maxLength={200}
            placeholder="e.g. collector-prod"
            value={name}
            disabled={closed}
            title={why}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Scope
          <select value={scope} disabled={closed} onChange={(e) => setScope(e.target.value === 'ingest' ? 'ingest' : 'read')}>
            {KEY_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_HELP[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Expires
          <select value={days} disabled={closed} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 0 ? 'never' : `in ${d} days`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={closed || create.isPending} title={why}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {closed && <p className="quiet">{why}</p>}
      {create.isError && <ErrorState error={create.error} />}
    </section>
  );
}
