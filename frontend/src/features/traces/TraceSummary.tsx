import { Link } from 'react-router';
import { formatCount, formatDuration, formatInstant } from './format';
import type { TraceDetail } from './types';

/** What the trace is at a glance: its root, when, how long, how many spans, services and errors. */
export function TraceSummary({ detail, fullPage }: { detail: TraceDetail; fullPage?: string }) {
  const root = detail.roots[0]?.span;
  const duration = Number(BigInt(detail.endNanos) - BigInt(detail.startNanos));
  return (
    <div className="trace-summary">
      <h2>
        {root === undefined ? 'Trace' : `${root.serviceName}: ${root.name}`}
        {fullPage !== undefined && (
          <Link className="trace-full-page" to={fullPage}>
            Open full page
          </Link>
        )}
      </h2>
      <dl>
        <div>
          <dt>Trace</dt>
          <dd>
            <code data-testid="trace-id">{detail.traceId}</code>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatInstant(detail.startNanos)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(duration)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>{formatCount(detail.spanCount)}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd>{detail.services.length}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd className={detail.errorCount > 0 ? 'trace-errors' : undefined}>{formatCount(detail.errorCount)}</dd>
        </div>
      </dl>
      {detail.truncated && (
        <p className="trace-truncated" role="note">
          This trace has more spans than the service returns at once: the earliest {formatCount(detail.spanCount)} are
          shown, and the critical path is of those.
        </p>
      )}
    </div>
  );
}
