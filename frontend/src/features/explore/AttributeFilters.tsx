import { useId } from 'react';
import { type FieldKey, useFieldKeys, useFieldValues } from './explore';
import { type AttributeFilter, type AttributeOp, OPS, formatAttribute } from './exploreState';
import type { Window } from './spanFilter';

interface Props {
  project: string;
  timeWindow: Window;
  service: string | undefined;
  filters: AttributeFilter[];
  onChange: (filters: AttributeFilter[]) => void;
}

const OP_LABELS: Record<AttributeOp, string> = { equals: '=', not_equals: '≠', contains: 'contains', exists: 'exists' };

/** Attribute conditions, all of which must hold; keys and values are suggested from the data. */
export function AttributeFilters({ project, timeWindow, service, filters, onChange }: Props) {
  const id = useId();
  const keys = useFieldKeys(project, timeWindow, service);
  const known = keys.data?.items ?? [];
  const uniqueKeys = [...new Set(known.map((k) => k.key))];
  const replace = (index: number, filter: AttributeFilter) => onChange(filters.map((f, i) => (i === index ? filter : f)));

  return (
    <fieldset className="explore-attributes">
      <legend>Attribute filters</legend>
      <datalist id={`${id}-keys`}>
        {uniqueKeys.map((key) => (
          <option key={key} value={key} label={scopesOf(known, key)} />
        ))}
      </datalist>
      {filters.length === 0 && <p className="quiet">None: every span of the time range and fields above.</p>}
      {filters.map((filter, index) => (
        <AttributeRow
          key={index}
          index={index}
          project={project}
          timeWindow={timeWindow}
          service={service}
          filter={filter}
          keysList={`${id}-keys`}
          known={known}
          onChange={(next) => replace(index, next)}
          onRemove={() => onChange(filters.filter((_, i) => i !== index))}
        />
      ))}
      <button type="button" onClick={() => onChange([...filters, { scope: 'record', key: '', op: 'equals', value: '' }])}>
        Add attribute filter
      </button>
    </fieldset>
  );
}

function scopesOf(known: FieldKey[], key: string): string {
  return known
    .filter((k) => k.key === key)
    .map((k) => `${k.scope === 'RESOURCE' ? 'resource' : 'span'}: ${k.spans.toLocaleString('en')} spans`)
    .join(', ');
}

interface RowProps {
  index: number;
  project: string;
  timeWindow: Window;
  service: string | undefined;
  filter: AttributeFilter;
  keysList: string;
  known: FieldKey[];
  onChange: (filter: AttributeFilter) => void;
  onRemove: () => void;
}

function AttributeRow({ index, project, timeWindow, service, filter, keysList, known, onChange, onRemove }: RowProps) {
  const id = useId();
  // Values are asked for only once the key is one the data has, not at every keystroke.
  const isKnown = known.some((k) => k.key === filter.key && k.scope.toLowerCase() === filter.scope);
  const values = useFieldValues(project, isKnown ? filter.key : '', filter.scope, timeWindow, service);
  const n = index + 1;

  const changeKey = (key: string) => {
    const scopes = new Set(known.filter((k) => k.key === key).map((k) => k.scope));
    const scope = scopes.size === 1 ? (scopes.has('RESOURCE') ? 'resource' : 'record') : filter.scope;
    onChange({ ...filter, key, scope });
  };

  return (
    <div className="explore-attribute" role="group" aria-label={`Attribute filter ${n}`}>
      <select aria-label={`Filter ${n} scope`} value={filter.scope} onChange={(e) => onChange({ ...filter, scope: e.target.value === 'resource' ? 'resource' : 'record' })}>
        <option value="record">span</option>
        <option value="resource">resource</option>
      </select>
      <input aria-label={`Filter ${n} key`} list={keysList} value={filter.key} placeholder="key, e.g. payment.provider" onChange={(e) => changeKey(e.target.value)} />
      <select aria-label={`Filter ${n} operator`} value={filter.op} onChange={(e) => onChange({ ...filter, op: OPS.find((o) => o === e.target.value) ?? 'equals' })}>
        {OPS.map((op) => (
          <option key={op} value={op}>
            {OP_LABELS[op]}
          </option>
        ))}
      </select>
      {filter.op !== 'exists' && (
        <>
          <input aria-label={`Filter ${n} value`} list={`${id}-values`} value={filter.value} placeholder="value" onChange={(e) => onChange({ ...filter, value: e.target.value })} />
          <datalist id={`${id}-values`}>
            {(values.data?.items ?? []).map((v) => (
              <option key={v.value} value={v.value} label={`${v.spans.toLocaleString('en')} spans`} />
            ))}
          </datalist>
        </>
      )}
      <button type="button" onClick={onRemove} aria-label={`Remove filter ${n} (${formatAttribute(filter) || 'empty'})`}>
        Remove
      </button>
    </div>
  );
}
