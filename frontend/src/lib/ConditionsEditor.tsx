import { useId, useState } from 'react';
import { type Condition, formatCondition, parseCondition, type Scope } from './conditions';

interface Props {
  conditions: readonly Condition[];
  onChange: (conditions: Condition[]) => void;
  /** Which scopes to offer; the data point's or record's own attributes come first. */
  scopes?: readonly Scope[];
  /** Suggested keys (a datalist), e.g. a metric's attribute keys. */
  keys?: readonly string[];
}

const SCOPE_LABEL: Record<Scope, string> = { record: 'attribute', resource: 'resource attribute' };

/** Attribute conditions as removable chips, and a line to add one: `key=value`, `key!=value`, `key~value` or `key`. */
export function ConditionsEditor({ conditions, onChange, scopes = ['record', 'resource'], keys = [] }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [scope, setScope] = useState<Scope>(scopes[0] ?? 'record');
  const draft = parseCondition(text, scope);

  function add() {
    if (draft !== undefined) {
      onChange([...conditions, draft]);
      setText('');
    }
  }

  return (
    <div className="conditions" role="group" aria-label="Attribute conditions">
      {conditions.map((condition, index) => (
        <span key={`${condition.scope}:${formatCondition(condition)}:${index}`} className="conditions-chip">
          {condition.scope === 'resource' && <span className="quiet">resource </span>}
          <code>{formatCondition(condition)}</code>
          <button
            type="button"
            aria-label={`Remove condition ${formatCondition(condition)}`}
            onClick={() => onChange(conditions.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </span>
      ))}
      {scopes.length > 1 && (
        <>
          <label htmlFor={`${id}-scope`} className="visually-hidden">
            Scope of the new condition
          </label>
          <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value === 'resource' ? 'resource' : 'record')}>
            {scopes.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABEL[s]}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={`${id}-text`} className="visually-hidden">
        New condition (key=value, key!=value, key~value or key)
      </label>
      <input
        id={`${id}-text`}
        value={text}
        list={keys.length > 0 ? `${id}-keys` : undefined}
        placeholder="key=value, key!=value, key~value, key"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add();
          }
        }}
      />
      {keys.length > 0 && (
        <datalist id={`${id}-keys`}>
          {keys.map((key) => (
            <option key={key} value={key} />
          ))}
        </datalist>
      )}
      <button type="button" onClick={add} disabled={draft === undefined}>
        Add condition
      </button>
    </div>
  );
}
