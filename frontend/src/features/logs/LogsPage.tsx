import { useCallback, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useProject } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { formatCount } from '../../lib/format';
import { SendTelemetry } from '../../lib/SendTelemetry';
import { describeTimeRange, useTimeWindow } from '../../lib/TimeRange';
import { LiveLogs } from './LiveLogs';
import { LogList } from './LogList';
import { useLogSearch } from './logs';
import { LogsFilters } from './LogsFilters';
import { formatLogsQuery, type LogsQuery, parseLogsQuery, tailParams } from './logsQuery';

/** Logs: search by time, severity, service, text and attributes, or follow them live. */
export default function LogsPage() {
  const project = useProject();
  const { workspace = '', project: projectKey = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const query = parseLogsQuery(params);
  const period = useTimeWindow(query.time);
  const apply = (next: LogsQuery) => setParams(formatLogsQuery(next));
  const tailQuery = tailParams(query).toString();

  return (
    <section className="logs-page data-page">
      <h2>Logs</h2>
      <LogsFilters key={params.toString()} query={query} onApply={apply} onRefresh={period.refresh} />
      <label className="logs-live-switch">
        {/* The box turns at once; the URL follows (a navigation, drawn a moment later). */}
        <input
          key={String(query.live)}
          type="checkbox"
          role="switch"
          defaultChecked={query.live}
          onChange={(e) => apply({ ...query, live: e.target.checked })}
        />
        Live tail
      </label>
      {query.live ? (
        <LiveLogs projectId={project.id} tailQuery={tailQuery} workspace={workspace} project={projectKey} />
      ) : (
        <SearchResults projectId={project.id} query={query} period={period} workspace={workspace} project={projectKey} />
      )}
    </section>
  );
}

interface ResultsProps {
  projectId: string;
  query: LogsQuery;
  period: { from: string; to: string };
  workspace: string;
  project: string;
}

function SearchResults({ projectId, query, period, workspace, project }: ResultsProps) {
  const search = useLogSearch(projectId, query, period, true);
  const logs = useMemo(() => search.data?.pages.flatMap((page) => page.logs) ?? [], [search.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = search;
  const more = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (search.isPending) {
    return <Loading what="log records" />;
  }
  if (search.isError) {
    return <ErrorState error={search.error} onRetry={() => void search.refetch()} />;
  }
  if (logs.length === 0) {
    const filtered = query.minSeverity !== undefined || query.service !== '' || query.text !== '' || query.conditions.length > 0;
    return filtered ? (
      <Empty title={`No log records match in ${describeTimeRange(query.time)}`}>
        <p>Widen the time range, lower the severity, or remove a condition. Text matches whole words only.</p>
      </Empty>
    ) : (
      <Empty title={`No log records in ${describeTimeRange(query.time)}`}>
        <p>Widen the time range, or send some logs:</p>
        <SendTelemetry signal="logs" />
      </Empty>
    );
  }
  return (
    <>
      <p className="quiet" aria-live="polite">
        {formatCount(logs.length)} records, newest first
        {hasNextPage ? (isFetchingNextPage ? '; loading older ones…' : '; scroll down for older ones') : '; that is all'}
      </p>
      <LogList logs={logs} workspace={workspace} project={project} onNearEnd={more} />
      {hasNextPage && (
        <button type="button" onClick={more} disabled={isFetchingNextPage}>
          Load older records
        </button>
      )}
    </>
  );
}
