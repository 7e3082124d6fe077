import { lazy, Suspense } from 'react';
import { Loading } from '../../app/states';

// The trace view is its own chunk: the chat loads it when a trace is first opened beside it.
const TraceView = lazy(() => import('../traces/TraceView').then((module) => ({ default: module.TraceView })));

interface Props {
  /** The project's id: the query API wants the id, not the slug. */
  projectId: string;
  traceId: string;
  onClose: () => void;
}

/** The trace a link in the chat opened, beside the chat: its waterfall, span details and logs. */
export function TraceBeside({ projectId, traceId, onClose }: Props) {
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
      <div className="chat-beside-trace">
        <Suspense fallback={<Loading what={`trace ${traceId}`} />}>
          <TraceView projectId={projectId} traceId={traceId} />
        </Suspense>
      </div>
    </aside>
  );
}
