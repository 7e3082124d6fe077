import { useEffect, useReducer, useState } from 'react';
import type { SseEvent } from '../../lib/sseParser';
import { followTail, type TailStatus } from './followTail';
import { applyTailEvents, emptyTail, type TailState } from './tail';

export type { TailStatus } from './followTail';

type Action = { type: 'events'; events: SseEvent[] } | { type: 'reset' };

function reduce(state: TailState, action: Action): TailState {
  return action.type === 'reset' ? emptyTail : applyTailEvents(state, action.events);
}

/** The live tail of `query` (GET /tail's query string) while `enabled`; a new query starts afresh. */
export function useLiveTail(projectId: string, query: string, enabled: boolean) {
  const [tail, dispatch] = useReducer(reduce, emptyTail);
  const [status, setStatus] = useState<TailStatus>({ state: 'off' });

  useEffect(() => {
    dispatch({ type: 'reset' });
    if (!enabled) {
      setStatus({ state: 'off' });
      return;
    }
    const stop = new AbortController();
    void followTail({
      path: `/api/v1/projects/${encodeURIComponent(projectId)}/tail?${query}`,
      signal: stop.signal,
      onEvents: (events) => {
        if (!stop.signal.aborted) {
          dispatch({ type: 'events', events });
        }
      },
      onStatus: (next) => {
        if (!stop.signal.aborted) {
          setStatus(next);
        }
      },
    });
    return () => stop.abort();
  }, [projectId, query, enabled]);

  return { tail, status, clear: () => dispatch({ type: 'reset' }) };
}
