import { Link } from 'react-router';
import { pathOf } from '../../app/paths';

interface Props {
  workspace: string;
  project: string;
  /** The project's id, for the trace view the lead swaps in (features/traces/TraceView.tsx). */
  projectId: string;
  traceId: string;
  onClose: () => void;
}

/** The trace a link in the chat opened, beside the chat; for now its id and the way to its page. */
export function TraceBeside({ workspace, project, traceId, onClose }: Props) {
  return (
    <aside className="chat-beside" aria-label={`Trace ${traceId}`} data-testid="trace-beside">
      <header>
        <h3>
          Trace <code>{traceId}</code>
        </h3>
        <button type="button" onClick={onClose} aria-label="Close the trace" data-testid="trace-beside-close">
          Close
        </button>
      </header>
      <p>
        <Link to={`${pathOf({ workspace, project, page: 'traces' })}/${encodeURIComponent(traceId)}`}>Open the trace's page</Link>
      </p>
    </aside>
  );
}
