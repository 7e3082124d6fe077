import { Link } from 'react-router';
import type { EvalRun } from './evals';
import { filterText, formatRate, formatStarted, shortHash } from './evalReport';
import { runPath } from './evalsView';

/** The runs as the API lists them, newest first; a run's start opens its report. */
export function RunsTable({ runs, workspace }: { runs: EvalRun[]; workspace: string }) {
  return (
    <table className="eval-runs" data-testid="eval-runs">
      <caption className="visually-hidden">Eval runs, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Model</th>
          <th scope="col">Commit</th>
          <th scope="col">Prompt</th>
          <th scope="col" className="eval-number">Scenarios</th>
          <th scope="col" className="eval-number">Pass rate</th>
          <th scope="col">Filter</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="eval-run-row" data-run={run.id}>
            <td className="eval-nowrap">
              <Link to={runPath(workspace, run.id)}>
                <time dateTime={run.startedAt}>{formatStarted(run.startedAt)}</time>
              </Link>
            </td>
            <td className="eval-nowrap">{run.model}</td>
            <td>
              <code>{run.gitCommit}</code>
            </td>
            <td>
              <code title={run.promptHash}>{shortHash(run.promptHash)}</code>
            </td>
            <td className="eval-number">{run.scenarios}</td>
            <td className="eval-number">
              {formatRate(run.passRate)} <span className="quiet">({run.passed} passed)</span>
            </td>
            <td className="eval-filter">{filterText(run.filter)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
