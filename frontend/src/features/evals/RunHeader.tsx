import type { EvalReport } from './evals';
import { durationOf, filterText, formatMillis, formatRate, formatStarted, shortHash } from './evalReport';

/** What ran and when: the model, the commit, the system prompt's hash, the time and how long it took. */
export function RunHeader({ report }: { report: EvalReport }) {
  const { overall } = report.summary;
  return (
    <div className="eval-run-head" data-testid="eval-run-head">
      <h2>Eval run of {report.model}</h2>
      <dl className="eval-facts">
        <dt>Model</dt>
        <dd data-testid="eval-model">{report.model}</dd>
        <dt>Commit</dt>
        <dd>
          <code>{report.gitCommit}</code>
        </dd>
        <dt>Prompt hash</dt>
        <dd>
          <code title={report.promptHash}>{shortHash(report.promptHash)}</code>
        </dd>
        <dt>Started</dt>
        <dd>
          <time dateTime={report.startedAt}>{formatStarted(report.startedAt)}</time>
        </dd>
        <dt>Duration</dt>
        <dd>{formatMillis(durationOf(report))}</dd>
        <dt>Scenarios</dt>
        <dd>{filterText(report.filter)}</dd>
        <dt>Passed</dt>
        <dd data-testid="eval-passed">
          {overall.passed} of {overall.scenarios} ({formatRate(overall.scenarios === 0 ? 0 : overall.passed / overall.scenarios)})
        </dd>
      </dl>
    </div>
  );
}
