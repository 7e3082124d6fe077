import { Link } from 'react-router';
import type { EvalReport } from './evals';
import { baselineOf, formatStarted } from './evalReport';
import { formatRunView, runPath, showScenario, type RunView } from './evalsView';

interface Props {
  report: EvalReport;
  view: RunView;
  workspace: string;
}

/** What changed since the baseline run: scenarios that passed there and fail here, and the other way round. */
export function BaselineDiffPanel({ report, view, workspace }: Props) {
  const diff = report.diff;
  if (diff === null) {
    return null;
  }
  const baseline = baselineOf(report);
  return (
    <section className="eval-diff" aria-labelledby="eval-diff-title" data-testid="eval-diff">
      <h3 id="eval-diff-title">Against the baseline</h3>
      <p className="quiet">
        Baseline:{' '}
        {baseline.run === undefined ? (
          <code>{baseline.text}</code>
        ) : (
          <Link to={runPath(workspace, baseline.run)} data-testid="eval-baseline">
            {baseline.startedAt === undefined ? `the run ${baseline.run}` : `the run of ${formatStarted(baseline.startedAt)}`}
          </Link>
        )}
        {diff.newScenarios.length > 0 && ` · ${diff.newScenarios.length} scenarios new since`}
        {diff.notRun.length > 0 && ` · ${diff.notRun.length} of its scenarios not run here`}
      </p>
      {diff.regressions.length === 0 && diff.fixes.length === 0 ? (
        <p>No regressions and no fixes: every scenario both runs have did as before.</p>
      ) : (
        <div className="eval-diff-lists">
          <ScenarioLinks title="Regressions: passed there, fail here" names={diff.regressions} view={view} testId="eval-regressions" />
          <ScenarioLinks title="Fixes: failed there, pass here" names={diff.fixes} view={view} testId="eval-fixes" />
        </div>
      )}
    </section>
  );
}

function ScenarioLinks({ title, names, view, testId }: { title: string; names: string[]; view: RunView; testId: string }) {
  return (
    <div data-testid={testId}>
      <h4>
        {title} ({names.length})
      </h4>
      {names.length === 0 ? (
        <p className="quiet">none</p>
      ) : (
        <ul>
          {names.map((name) => (
            <li key={name}>
              <Link to={`?${formatRunView(showScenario(view, name)).toString()}`}>{name}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
