import { formatCount, formatUsd } from '../../lib/format';
import type { Trajectory } from './evals';
import { formatMillis, repeatedCallsOf } from './evalReport';

/** What the agent did to answer: its tool calls in order with their arguments, its tokens, cost and time. */
export function TrajectoryDetail({ trajectory }: { trajectory: Trajectory }) {
  const repeated = repeatedCallsOf(trajectory);
  return (
    <div className="eval-trajectory" data-testid="eval-trajectory">
      <h6>Trajectory</h6>
      <p>
        {trajectory.calls.length} tool calls{repeated > 0 && ` (${repeated} repeated)`} ·{' '}
        {formatCount(trajectory.inputTokens)} input and {formatCount(trajectory.outputTokens)} output tokens ·{' '}
        {formatUsd(trajectory.costUsd)} · {formatMillis(trajectory.wallMillis)}
      </p>
      {trajectory.calls.length > 0 && (
        <table className="eval-calls">
          <caption className="visually-hidden">Tool calls, in order</caption>
          <thead>
            <tr>
              <th scope="col" className="eval-number">
                #
              </th>
              <th scope="col">Tool</th>
              <th scope="col">Arguments</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {trajectory.calls.map((call, index) => (
              <tr key={index} data-testid="eval-call">
                <td className="eval-number">{index + 1}</td>
                <td>
                  <code>{call.tool}</code>
                </td>
                <td>
                  <code className="eval-arguments">{call.arguments}</code>
                </td>
                <td className={call.failed ? 'eval-missing' : undefined}>{call.failed ? 'failed' : 'ok'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
