import { formatTime } from '../format';
import { LinkedText, TraceLink } from '../TraceLink';
import type { LogRow } from './results';

/** Log records, newest as the tool ordered them, each with its trace. */
export function LogList({ logs }: { logs: LogRow[] }) {
  if (logs.length === 0) {
    return <p className="quiet">No log record matched.</p>;
  }
  return (
    <ul className="chat-logs">
      {logs.map((log, index) => (
        <li key={index} className={`severity-${log.severity.toLowerCase()}`}>
          <span className="chat-log-meta">
            {formatTime(log.time)} <strong>{log.severity}</strong> {log.service}
            {log.traceId !== undefined && <> · trace <TraceLink traceId={log.traceId} /></>}
          </span>
          <span className="chat-log-body"><LinkedText text={log.body} /></span>
        </li>
      ))}
    </ul>
  );
}
