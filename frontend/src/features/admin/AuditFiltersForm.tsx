import type { Member } from './members';
import {
  actionLabel,
  actorChoice,
  actorFilter,
  AUDIT_ACTIONS,
  type AuditFilters,
  fromLocalInput,
  lastHours,
  toLocalInput,
} from './auditFilters';

interface Props {
  filters: AuditFilters;
  members: readonly Member[];
  /** A change of some filters; the page writes it to the URL. */
  onChange: (change: Partial<AuditFilters>) => void;
}

const PRESETS = [
  [1, 'Last hour'],
  [24, 'Last 24 h'],
  [24 * 7, 'Last 7 days'],
] as const;

/** The audit filters, each change straight into the URL: actor, action, time range. */
export function AuditFiltersForm({ filters, members, onChange }: Props) {
  const actor = actorChoice(filters);
  const known = members.some((m) => `user:${m.userId}` === actor);
  return (
    <form className="admin-filters" role="search" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Actor
        <select value={actor} onChange={(e) => onChange(actorFilter(e.target.value))}>
          <option value="">anyone</option>
          <option value="user">any person</option>
          {members.map((m) => (
            <option key={m.userId} value={`user:${m.userId}`}>
              {m.email}
            </option>
          ))}
          {actor.startsWith('user:') && !known && <option value={actor}>person {filters.actorId}</option>}
          <option value="api_key">any API key</option>
          <option value="system">the service</option>
        </select>
      </label>
      <label>
        Action
        <select
          value={filters.action ?? ''}
          onChange={(e) => onChange({ action: AUDIT_ACTIONS.find((a) => a === e.target.value) })}
        >
          <option value="">any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="datetime-local" value={toLocalInput(filters.from)} onChange={(e) => onChange({ from: fromLocalInput(e.target.value) })} />
      </label>
      <label>
        To
        <input type="datetime-local" value={toLocalInput(filters.to)} onChange={(e) => onChange({ to: fromLocalInput(e.target.value) })} />
      </label>
      <div className="admin-actions" role="group" aria-label="Time range presets">
        {PRESETS.map(([hours, label]) => (
          <button key={hours} type="button" onClick={() => onChange(lastHours(hours, new Date()))}>
            {label}
          </button>
        ))}
        <button type="button" onClick={() => onChange({ from: undefined, to: undefined })}>
          Any time
        </button>
      </div>
    </form>
  );
}
