import { Link } from 'react-router';
import { ErrorState, Loading } from '../../app/states';
import { formatCount, formatDurationNanos, formatTimestamp, formatUsd, nanosToMillis } from '../../lib/format';
import { traceHref } from '../../lib/links';
import { type Period, useLlmCalls } from './llm';

interface Props {
  projectId: string;
  period: Period;
  sort: 'slowest' | 'costliest';
  title: string;
  workspace: string;
  project: string;
}

/** The ten slowest or costliest calls of the range, each opening its trace at the call's span. */
export function LlmCallsTable({ projectId, period, sort, title, workspace, project }: Props) {
  const calls = useLlmCalls(projectId, period, sort);
  return (
    <section aria-label={title} data-testid={`llm-calls-${sort}`}>
      <h3>{title}</h3>
      {calls.isPending && <Loading what={title.toLowerCase()} />}
      {calls.isError && <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />}
      {calls.data !== undefined && calls.data.length === 0 && <p className="quiet">No LLM calls in this range.</p>}
      {calls.data !== undefined && calls.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Call</th>
              <th scope="col">Service</th>
              <th scope="col">Model</th>
              <th scope="col">Started</th>
              <th scope="col" className="data-numeric">Duration</th>
              <th scope="col" className="data-numeric">Tokens in / out</th>
              <th scope="col" className="data-numeric">Cost</th>
            </tr>
          </thead>
          <tbody>
            {calls.data.map((call) => (
              <tr key={`${call.traceId}/${call.spanId}`}>
                <td>
                  <Link to={traceHref(workspace, project, call.traceId, call.spanId)} title={`Open trace ${call.traceId}`}>
                    {call.spanName === '' ? call.traceId.slice(0, 8) : call.spanName}
                  </Link>
                </td>
                <td>{call.serviceName}</td>
                <td>{call.model}</td>
                <td>{formatTimestamp(nanosToMillis(call.startTimeNanos))}</td>
                <td className="data-numeric">{formatDurationNanos(call.durationNanos)}</td>
                <td className="data-numeric">
                  {formatCount(call.inputTokens)} / {formatCount(call.outputTokens)}
                </td>
                <td className="data-numeric">{formatUsd(call.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
