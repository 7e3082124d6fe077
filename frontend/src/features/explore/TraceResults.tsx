import { Link, useNavigate, useParams } from 'react-router';
import { pathOf } from '../../app/paths';
import { Empty, ErrorState, Loading } from '../../app/states';
import { type TraceSummary, useTraceSearch } from './explore';
import { formatNanos, formatUtc, nanosToMs } from './format';
import type { SpanFilterBody } from './spanFilter';

interface Props {
  project: string;
  /** Undefined when the selection lies outside the query: nothing to list. */
  filter: SpanFilterBody | undefined;
  sort: 'time' | 'duration';
  inSelection: boolean;
  onSort: (sort: 'time' | 'duration') => void;
}

/** The traces with a span matching the query (in the selection, when there is one). */
export function TraceResults({ project, filter, sort, inSelection, onSort }: Props) {
  const search = useTraceSearch(project, filter, sort);
  const traces = search.data?.pages.flatMap((page) => page.traces) ?? [];

  let body;
  if (filter === undefined) {
    body = (
      <Empty title="The selection lies outside the query">
        <p>Clear the selection, or select a region inside the heatmap.</p>
      </Empty>
    );
  } else if (search.isPending) {
    body = <Loading what="traces" />;
  } else if (search.isError) {
    body = <ErrorState error={search.error} onRetry={() => void search.refetch()} />;
  } else if (traces.length === 0) {
    body = (
      <Empty title={inSelection ? 'No traces in the selection' : 'No traces match'}>
        <p>Widen the time range or remove a filter{inSelection ? ', or select a larger region' : ''}.</p>
      </Empty>
    );
  } else {
    body = (
      <>
        <TraceTable traces={traces} />
        {search.hasNextPage && (
          <button type="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
            {search.isFetchingNextPage ? 'Loading more…' : 'Load more traces'}
          </button>
        )}
      </>
    );
  }
  return (
    <section className="explore-panel" aria-labelledby="explore-traces-title">
      <div className="explore-heading">
        <h3 id="explore-traces-title">{inSelection ? 'Traces in the selection' : 'Traces'}</h3>
        <div className="explore-field">
          <label htmlFor="explore-sort">Sort</label>
          <select id="explore-sort" value={sort} onChange={(e) => onSort(e.target.value === 'duration' ? 'duration' : 'time')}>
            <option value="time">newest first</option>
            <option value="duration">slowest first</option>
          </select>
        </div>
      </div>
      {body}
    </section>
  );
}

function TraceTable({ traces }: { traces: TraceSummary[] }) {
  const { workspace = '', project = '' } = useParams();
  const navigate = useNavigate();
  const traceUrl = (traceId: string) => `${pathOf({ workspace, project, page: 'traces' })}/${encodeURIComponent(traceId)}`;
  return (
    <table data-testid="trace-results" className="explore-traces">
      <thead>
        <tr>
          <th scope="col">Start (UTC)</th>
          <th scope="col">Service</th>
          <th scope="col">Root span</th>
          <th scope="col">Duration</th>
          <th scope="col">Spans</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => (
          <tr key={trace.traceId} data-trace-id={trace.traceId} onClick={() => navigate(traceUrl(trace.traceId))}>
            <td>{formatUtc(nanosToMs(trace.startNanos))}</td>
            <td>{trace.rootService ?? '—'}</td>
            <td>
              <Link to={traceUrl(trace.traceId)} onClick={(e) => e.stopPropagation()}>
                {trace.rootName ?? `(root not received) ${trace.traceId.slice(0, 8)}`}
              </Link>
            </td>
            <td className="explore-number">{formatNanos(trace.durationNanos)}</td>
            <td className="explore-number">{trace.spanCount}</td>
            <td>{trace.errorCount > 0 ? <span className="explore-error">{trace.errorCount} error{trace.errorCount === 1 ? '' : 's'}</span> : 'ok'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
