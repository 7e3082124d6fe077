import { useMemo } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { compareNanos, formatCount, formatOffset, nanosSince, severityOf } from './format';
import type { TraceLayout } from './layout';
import { TRACE_LOG_LIMIT, useTraceLogs } from './traces';
import type { LogRow, SpanRow } from './types';

interface Props {
  projectId: string;
  traceId: string;
  layout: TraceLayout<SpanRow>;
  selectedSpan: string | undefined;
  onSelectSpan: (spanId: string) => void;
}

/** The trace's logs in time order; a log that names a span of the trace selects it. */
export function TraceLogs({ projectId, traceId, layout, selectedSpan, onSelectSpan }: Props) {
  const logs = useTraceLogs(projectId, traceId);
  const sorted = useMemo(
    () => [...(logs.data?.logs ?? [])].sort((a, b) => compareNanos(a.timeNanos, b.timeNanos)),
    [logs.data],
  );
  return (
    <section className="trace-logs" data-testid="trace-logs" aria-labelledby="trace-logs-title">
      <h3 id="trace-logs-title">Logs{logs.data !== undefined && ` (${formatCount(sorted.length)})`}</h3>
      {logs.isPending && <Loading what="the trace's logs" />}
      {logs.isError && <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />}
      {logs.isSuccess && sorted.length === 0 && (
        <Empty title="No logs carry this trace's id">
          <p>
            A log record links to its trace when the logging bridge of the OpenTelemetry SDK writes it inside a span (it
            then carries the trace and span ids).
          </p>
        </Empty>
      )}
      {sorted.length >= TRACE_LOG_LIMIT && (
        <p className="quiet">The newest {formatCount(TRACE_LOG_LIMIT)} logs of this trace are shown.</p>
      )}
      {sorted.length > 0 && (
        <ol className="trace-log-list">
          {sorted.map((log, i) => (
            <LogLine
              key={`${log.timeNanos}-${i}`}
              log={log}
              traceStart={layout.startNanos}
              span={log.spanId === '' ? undefined : layout.rows[layout.rowOf(log.spanId) ?? -1]?.span}
              selected={log.spanId !== '' && log.spanId === selectedSpan}
              onSelectSpan={onSelectSpan}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

interface LineProps {
  log: LogRow;
  traceStart: bigint;
  span: SpanRow | undefined;
  selected: boolean;
  onSelectSpan: (spanId: string) => void;
}

function LogLine({ log, traceStart, span, selected, onSelectSpan }: LineProps) {
  const severity = severityOf(log.severityNumber);
  return (
    <li className={`trace-log${selected ? ' selected' : ''}`} data-testid="trace-log">
      <span className="trace-offset">{formatOffset(nanosSince(log.timeNanos, traceStart))}</span>
      <span className={`trace-severity trace-severity-${severity}`}>{log.severityText || severity}</span>
      <span className="trace-log-service">{log.serviceName}</span>
      <span className="trace-log-body">{log.body}</span>
      {span !== undefined ? (
        <button type="button" className="trace-log-span" onClick={() => onSelectSpan(span.spanId)}>
          span: {span.name}
        </button>
      ) : (
        log.spanId !== '' && <span className="quiet">span {log.spanId} (not in this trace)</span>
      )}
    </li>
  );
}
