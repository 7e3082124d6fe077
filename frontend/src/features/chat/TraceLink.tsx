import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { withTrace } from './chatUrl';
import { splitTraceIds } from './traceIds';

/** Opens the trace beside the chat (`?trace=<id>`), keeping the session and the rest of the URL. */
export function TraceLink({ traceId, children }: { traceId: string; children?: ReactNode }) {
  const [search] = useSearchParams();
  const open = search.get('trace') === traceId;
  return (
    <Link
      className={open ? 'chat-trace-link open' : 'chat-trace-link'}
      to={{ search: withTrace(search, traceId).toString() }}
      data-testid="trace-link"
      data-trace={traceId}
      title={`Open trace ${traceId} beside the chat`}
      aria-current={open ? 'true' : undefined}
    >
      {children ?? traceId}
    </Link>
  );
}

/** Text with every trace id in it drawn as a trace link. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitTraceIds(text).map((piece, index) =>
        typeof piece === 'string' ? piece : <TraceLink key={index} traceId={piece.traceId} />,
      )}
    </>
  );
}
