import { type FormEvent, useId, useState } from 'react';
import { AttributeFilters } from './AttributeFilters';
import { useServices, useSpanNames } from './explore';
import { type ExploreQuery, PRESETS, STATUSES } from './exploreState';
import { type QueryDraft, draftOf, queryOf } from './queryDraft';
import type { Window } from './spanFilter';

interface Props {
  project: string;
  query: ExploreQuery;
  /** The window the query reads now, shown in the From and To fields for a preset. */
  timeWindow: Window;
  onRun: (query: ExploreQuery) => void;
}

/** The query's fields; nothing is read until "Run query", which puts the query in the URL. */
export function QueryBuilder({ project, query, timeWindow, onRun }: Props) {
  const [draft, setDraft] = useState<QueryDraft>(() => draftOf(query, timeWindow));
  const [problem, setProblem] = useState<string>();
  const id = useId();
  const service = draft.service.trim() === '' ? undefined : draft.service.trim();
  const services = useServices(project, timeWindow);
  const spanNames = useSpanNames(project, timeWindow, service);
  const change = (fields: Partial<QueryDraft>) => setDraft({ ...draft, ...fields });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = queryOf(draft);
    if ('error' in checked) {
      setProblem(checked.error);
      return;
    }
    setProblem(undefined);
    onRun(checked.ok);
  };

  return (
    <form className="explore-query" onSubmit={submit} aria-label="Query">
      <fieldset className="explore-range">
        <legend>Time range (UTC)</legend>
        <div role="group" aria-label="Presets" className="explore-presets">
          {PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              aria-pressed={draft.preset === preset}
              title={`The last ${preset}`}
              onClick={() => change({ preset })}
            >
              {preset}
            </button>
          ))}
        </div>
        <label>
          From
          <input type="datetime-local" value={draft.from} onChange={(e) => change({ from: e.target.value, preset: undefined })} />
        </label>
        <label>
          To
          <input type="datetime-local" value={draft.to} onChange={(e) => change({ to: e.target.value, preset: undefined })} />
        </label>
      </fieldset>
      <div className="explore-fields">
        <label>
          Service
          <input list={`${id}-services`} value={draft.service} onChange={(e) => change({ service: e.target.value })} placeholder="any" />
        </label>
        <datalist id={`${id}-services`}>
          {(services.data?.items ?? []).map((s) => (
            <option key={s.value} value={s.value} />
          ))}
        </datalist>
        <label>
          Span name
          <input list={`${id}-names`} value={draft.spanName} onChange={(e) => change({ spanName: e.target.value })} placeholder="any" />
        </label>
        <datalist id={`${id}-names`}>
          {(spanNames.data ?? []).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        {/* A select inside its label would take its options into its name: the label points at it instead. */}
        <div className="explore-field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={draft.status} onChange={(e) => change({ status: STATUSES.find((s) => s === e.target.value) ?? '' })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <label>
          Min duration (ms)
          <input type="number" min={0} step="any" value={draft.minMs} onChange={(e) => change({ minMs: e.target.value })} />
        </label>
        <label>
          Max duration (ms)
          <input type="number" min={0} step="any" value={draft.maxMs} onChange={(e) => change({ maxMs: e.target.value })} />
        </label>
      </div>
      <AttributeFilters
        project={project}
        timeWindow={timeWindow}
        service={service}
        filters={draft.attributes}
        onChange={(attributes) => change({ attributes })}
      />
      <div className="explore-actions">
        <button type="submit" className="primary">
          Run query
        </button>
        {problem !== undefined && (
          <p role="alert" className="explore-problem">
            {problem}
          </p>
        )}
      </div>
    </form>
  );
}
