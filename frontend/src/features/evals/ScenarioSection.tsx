import type { ScenarioResult } from './evals';
import { filterScenarios, groupsOf } from './evalReport';
import { toggleOpen, type RunView } from './evalsView';
import { ScenarioFilters } from './ScenarioFilters';
import { ScenarioItem } from './ScenarioItem';

interface Props {
  results: ScenarioResult[];
  view: RunView;
  onView: (view: RunView) => void;
}

/** The run's scenarios as the filters keep them, each opening to its questions. */
export function ScenarioSection({ results, view, onView }: Props) {
  const shown = filterScenarios(results, view);
  return (
    <section className="eval-scenarios" aria-labelledby="eval-scenarios-title">
      <h3 id="eval-scenarios-title">
        Scenarios <span className="quiet">({shown.length === results.length ? results.length : `${shown.length} of ${results.length}`})</span>
      </h3>
      <ScenarioFilters groups={groupsOf(results)} view={view} onView={onView} />
      {shown.length === 0 ? (
        <p className="quiet" data-testid="eval-no-scenarios">
          No scenario of this run matches these filters.
        </p>
      ) : (
        <ul className="eval-scenario-list" data-testid="eval-scenario-list">
          {shown.map((scenario) => (
            <ScenarioItem
              key={scenario.name}
              scenario={scenario}
              open={view.open.includes(scenario.name)}
              onToggle={() => onView(toggleOpen(view, scenario.name))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
