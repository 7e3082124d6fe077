import { OUTCOME_FILTERS, type OutcomeFilter, type RunView } from './evalsView';

const OUTCOME_LABEL: Record<OutcomeFilter, string> = { all: 'All', pass: 'Passed', fail: 'Failed' };

interface Props {
  groups: { categories: string[]; tags: string[] };
  view: RunView;
  onView: (view: RunView) => void;
}

/** Which scenarios to list: passed or failed, of one category, with one tag. */
export function ScenarioFilters({ groups, view, onView }: Props) {
  return (
    <div className="eval-filters">
      <div className="eval-outcome-filters" role="group" aria-label="Which scenarios">
        {OUTCOME_FILTERS.map((outcome) => (
          <button key={outcome} type="button" aria-pressed={view.outcome === outcome} onClick={() => onView({ ...view, outcome })}>
            {OUTCOME_LABEL[outcome]}
          </button>
        ))}
      </div>
      <GroupSelect
        label="Category"
        every="Every category"
        values={groups.categories}
        value={view.category}
        onChange={(category) => onView({ ...view, category })}
      />
      <GroupSelect label="Tag" every="Every tag" values={groups.tags} value={view.tag} onChange={(tag) => onView({ ...view, tag })} />
    </div>
  );
}

interface GroupSelectProps {
  label: string;
  every: string;
  values: string[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}

function GroupSelect({ label, every, values, value, onChange }: GroupSelectProps) {
  // A value the URL names but this run lacks stays choosable, so the select shows what filters the list.
  const choices = value === undefined || values.includes(value) ? values : [...values, value];
  return (
    <label className="eval-group-select">
      {label}
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">{every}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    </label>
  );
}
