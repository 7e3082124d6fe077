import { formatCount } from '../../lib/format';
import { LogList } from './LogList';
import { TAIL_CAP } from './tail';
import { type TailStatus, useLiveTail } from './useLiveTail';

interface Props {
  projectId: string;
  /** GET /tail's query string. */
  tailQuery: string;
  workspace: string;
  project: string;
}

/** New log records as they are stored, newest on top, with the connection's state in words. */
export function LiveLogs({ projectId, tailQuery, workspace, project }: Props) {
  const { tail, status, clear } = useLiveTail(projectId, tailQuery, true);
  return (
    <div className="logs-live">
      <div className="logs-live-bar">
        <StatusLine status={status} />
        <span className="spacer" />
        <span className="quiet">
          {formatCount(tail.logs.length)} {tail.logs.length === 1 ? 'record' : 'records'}
          {tail.logs.length >= TAIL_CAP && ` (the newest ${formatCount(TAIL_CAP)} are kept)`}
        </span>
        <button type="button" onClick={clear} disabled={tail.logs.length === 0}>
          Clear
        </button>
      </div>
      {tail.gap !== undefined && (
        <p className="state error" role="alert">
          The tail could not follow what was stored from {tail.gap.from} to {tail.gap.to}: turn the live tail off and
          search that time range instead.
        </p>
      )}
      {tail.skipped > 0 && (
        <p className="quiet">
          {formatCount(tail.skipped)} older records were skipped because too many arrived at once: narrow the filter to
          see them all.
        </p>
      )}
      {tail.logs.length === 0 ? (
        <p className="state empty">
          Waiting for new log records that match the filter. Only records sent through ingest from now on appear here,
          not older ones (search those with the live tail off).
        </p>
      ) : (
        <LogList logs={tail.logs} workspace={workspace} project={project} />
      )}
    </div>
  );
}

function StatusLine({ status }: { status: TailStatus }) {
  const text =
    status.state === 'live'
      ? 'Live: following new log records'
      : status.state === 'connecting'
        ? 'Connecting to the live tail…'
        : status.state === 'retrying'
          ? `Connection lost (${status.error}); reconnecting in ${status.seconds} s, resuming where it left off`
          : status.state === 'failed'
            ? `The live tail refused: ${status.error}`
            : 'Live tail off';
  return (
    <span className={`logs-live-status logs-live-${status.state}`} role="status" data-testid="live-status">
      <span aria-hidden="true" className="logs-live-dot" />
      {text}
    </span>
  );
}
