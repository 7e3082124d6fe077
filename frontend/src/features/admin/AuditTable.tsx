import type { AuditEntry } from './audit';
import { actionLabel, summaryParts } from './auditFilters';

interface Props {
  entries: readonly AuditEntry[];
  /** A person's email by user id, for the actor column. */
  emails: ReadonlyMap<string, string>;
}

function actorOf(entry: AuditEntry, emails: ReadonlyMap<string, string>): string {
  switch (entry.actorKind) {
    case 'system':
      return 'the service';
    case 'api_key':
      return `API key ${entry.actorId?.slice(0, 8) ?? ''}`;
    default:
      return entry.actorId === null ? 'a person' : (emails.get(entry.actorId) ?? `person ${entry.actorId.slice(0, 8)}`);
  }
}

function Summary({ text }: { text: string | null }) {
  const parts = summaryParts(text);
  if (typeof parts === 'string') {
    return <>{parts}</>;
  }
  return (
    <dl className="admin-summary">
      {parts.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One page of audit entries, newest first, as the service sends them. */
export function AuditTable({ entries, emails }: Props) {
  return (
    <table data-testid="audit-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>Action</th>
          <th>Target</th>
          <th>What changed</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
            <td>{new Date(entry.occurredAt).toLocaleString()}</td>
            <td title={entry.userAgent ?? undefined}>
              {actorOf(entry, emails)}
              {entry.ip !== null && <div className="quiet">from {entry.ip}</div>}
            </td>
            <td>{actionLabel(entry.action)}</td>
            <td>
              {entry.targetKind ?? '—'}
              {entry.targetId !== null && <div className="quiet">{entry.targetId}</div>}
            </td>
            <td>
              <Summary text={entry.summary} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
