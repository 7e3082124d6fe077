import { type FormEvent, useId, useState } from 'react';
import type { Selection } from './exploreState';
import { selectionDraftOf, selectionOf } from './queryDraft';

interface Props {
  selection: Selection | undefined;
  onApply: (selection: Selection) => void;
  onClear: () => void;
}

/** The keyboard's way to brush: the region's time and duration bounds as fields. */
export function SelectionForm({ selection, onApply, onClear }: Props) {
  // Remounted with each new selection (a drag fills the fields), so the draft starts from it.
  return <SelectionFields key={JSON.stringify(selection ?? {})} selection={selection} onApply={onApply} onClear={onClear} />;
}

function SelectionFields({ selection, onApply, onClear }: Props) {
  const [draft, setDraft] = useState(() => selectionDraftOf(selection));
  const [problem, setProblem] = useState<string>();
  const hint = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = selectionOf(draft);
    if ('error' in checked) {
      setProblem(checked.error);
      return;
    }
    setProblem(undefined);
    onApply(checked.ok);
  };

  return (
    <form className="explore-selection" onSubmit={submit} aria-label="Selection">
      <p id={hint} className="quiet">
        Times in UTC; leave a bound blank to leave it open.
      </p>
      <label>
        Selection from
        <input type="datetime-local" aria-describedby={hint} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </label>
      <label>
        Selection to
        <input type="datetime-local" aria-describedby={hint} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </label>
      <label>
        Duration at least (ms)
        <input type="number" min={0} step="any" value={draft.minMs} onChange={(e) => setDraft({ ...draft, minMs: e.target.value })} />
      </label>
      <label>
        Duration at most (ms)
        <input type="number" min={0} step="any" value={draft.maxMs} onChange={(e) => setDraft({ ...draft, maxMs: e.target.value })} />
      </label>
      <button type="submit">Apply selection</button>
      {selection !== undefined && (
        <button type="button" onClick={onClear}>
          Clear selection
        </button>
      )}
      {problem !== undefined && (
        <p role="alert" className="explore-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
