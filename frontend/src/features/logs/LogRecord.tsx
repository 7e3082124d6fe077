import { Link } from 'react-router';
import { formatTimestamp, nanosToMillis } from '../../lib/format';
import { hasTraceId, traceHref } from '../../lib/links';
import type { LogRow } from './logs';
import { levelOf } from './logsQuery';

interface Props {
  log: LogRow;
  workspace: string;
  project: string;
  expanded: boolean;
  onToggle: () => void;
}

/** One log record: time, severity (a labelled badge), service, body, trace link, and its attributes on demand. */
export function LogRecord({ log, workspace, project, expanded, onToggle }: Props) {
  const level = levelOf(log.severityNumber);
  const severity = log.severityText === '' ? level : log.severityText;
  return (
    <>
      <div className="logs-row-line">
        <time className="logs-time" dateTime={new Date(nanosToMillis(log.timeNanos)).toISOString()}>
          {formatTimestamp(nanosToMillis(log.timeNanos))}
        </time>
        <span className={`logs-severity logs-severity-${level.toLowerCase()}`} title={`Severity ${log.severityNumber}`}>
          {severity}
        </span>
        <span className="logs-service">{log.serviceName}</span>
        <span className="logs-body">{log.body}</span>
        {hasTraceId(log.traceId) ? (
          <Link
            className="logs-trace"
            to={traceHref(workspace, project, log.traceId, log.spanId)}
            title={`Open trace ${log.traceId}`}
            data-testid="log-trace-link"
          >
            <span className="visually-hidden">Open trace </span>
            {log.traceId.slice(0, 8)}
          </Link>
        ) : (
          <span className="logs-trace quiet">no trace</span>
        )}
        <button type="button" className="logs-toggle" aria-expanded={expanded} onClick={onToggle}>
          {expanded ? 'Hide' : 'Attributes'}
        </button>
      </div>
      {expanded && <Attributes log={log} />}
    </>
  );
}

function Attributes({ log }: { log: LogRow }) {
  const groups: [string, Record<string, string>][] = [
    ['Attributes', log.attributes],
    ['Resource', log.resourceAttributes],
  ];
  return (
    <div className="logs-attributes">
      <p className="logs-body-full">{log.body}</p>
      {groups.map(([title, values]) => (
        <section key={title} aria-label={title}>
          <h3>{title}</h3>
          {Object.keys(values).length === 0 ? (
            <p className="quiet">none</p>
          ) : (
            <dl>
              {Object.entries(values).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
      <p className="quiet">
        Scope {log.scopeName === '' ? '(none)' : log.scopeName}
        {hasTraceId(log.traceId) && ` · trace ${log.traceId}`}
        {log.spanId !== '' && ` · span ${log.spanId}`}
      </p>
    </div>
  );
}
