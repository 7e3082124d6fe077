import { useId, useState } from 'react';
import { ConditionsEditor } from '../../lib/ConditionsEditor';
import { TimeRangePicker } from '../../lib/TimeRange';
import { type LogsQuery, SEVERITIES } from './logsQuery';

interface Props {
  query: LogsQuery;
  onApply: (query: LogsQuery) => void;
  onRefresh: () => void;
}

/** The search form: edits a draft, and the URL takes it on "Search" (or when the time range changes). */
export function LogsFilters({ query, onApply, onRefresh }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(query);
  return (
    <form
      className="logs-filters"
      aria-label="Log search"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <TimeRangePicker
        value={query.time}
        disabled={query.live}
        onChange={(time) => onApply({ ...draft, time })}
        onRefresh={onRefresh}
      />
      <div className="logs-filter-line">
        <label htmlFor={`${id}-severity`}>Severity</label>
        <select
          id={`${id}-severity`}
          value={draft.minSeverity ?? ''}
          onChange={(e) => {
            const value = e.target.value === '' ? undefined : Number(e.target.value);
            const { minSeverity: _omitted, ...rest } = draft;
            setDraft(value === undefined ? rest : { ...rest, minSeverity: value });
          }}
        >
          <option value="">any</option>
          {SEVERITIES.map(([number, name]) => (
            <option key={name} value={number}>
              {name} and above
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-service`}>Service</label>
        <input
          id={`${id}-service`}
          value={draft.service}
          placeholder="any"
          onChange={(e) => setDraft({ ...draft, service: e.target.value })}
        />
        <label htmlFor={`${id}-text`}>Text</label>
        <input
          id={`${id}-text`}
          type="search"
          value={draft.text}
          placeholder="whole words of the body"
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </div>
      <ConditionsEditor conditions={draft.conditions} onChange={(conditions) => setDraft({ ...draft, conditions })} />
    </form>
  );
}
