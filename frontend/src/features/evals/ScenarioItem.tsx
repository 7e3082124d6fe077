import { formatCount } from '../../lib/format';
import type { ScenarioResult } from './evals';
import { scenarioPassed, tokensOf, toolCallsOf } from './evalReport';
import { QuestionDetail } from './QuestionDetail';

interface Props {
  scenario: ScenarioResult;
  open: boolean;
  onToggle: () => void;
}

/** One scenario: passed or failed, its groups and figures; opened, its questions. */
export function ScenarioItem({ scenario, open, onToggle }: Props) {
  const passed = scenarioPassed(scenario);
  const body = `eval-scenario-${scenario.name.replace(/[^0-9A-Za-z_-]/g, '_')}`;
  return (
    <li className="eval-scenario" data-testid="eval-scenario" data-scenario={scenario.name} data-passed={passed}>
      <h4>
        <button
          type="button"
          className="eval-scenario-toggle"
          aria-expanded={open}
          aria-controls={open ? body : undefined}
          onClick={onToggle}
        >
          <span className={`eval-verdict eval-verdict-${passed ? 'pass' : 'fail'}`}>{passed ? 'pass' : 'fail'}</span>{' '}
          {scenario.name}
        </button>
      </h4>
      <p className="quiet eval-scenario-facts">
        {scenario.category} · {scenario.difficulty} · tags {scenario.tags.join(', ')} · {scenario.questions.length}{' '}
        {scenario.questions.length === 1 ? 'question' : 'questions'} · {formatCount(toolCallsOf(scenario))} tool calls ·{' '}
        {formatCount(tokensOf(scenario))} tokens
      </p>
      {open && (
        <div id={body} className="eval-scenario-body" data-testid="eval-scenario-body">
          {scenario.error !== '' && <p className="eval-problem">Not run: {scenario.error}</p>}
          {scenario.questions.map((question, index) => (
            <QuestionDetail key={index} question={question} number={index + 1} />
          ))}
        </div>
      )}
    </li>
  );
}
