import { useEffect, useReducer, useState } from 'react';
import { SIGN_IN_PATH } from '../../lib/api';
import { applyTailEvents, emptyTail, type SseEvent, SseParser, type TailState } from './tail';

export type TailStatus =
  | { state: 'off' }
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'retrying'; error: string; seconds: number }
  | { state: 'failed'; error: string };

type Action = { type: 'events'; events: SseEvent[] } | { type: 'reset' };

function reduce(state: TailState, action: Action): TailState {
  return action.type === 'reset' ? emptyTail : applyTailEvents(state, action.events);
}

/** A heartbeat comes every 15 s; three missed means the connection is dead though not closed. */
const SILENCE_MS = 45_000;

/** 1, 2, 4 … 30 s between attempts. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(30, 2 ** Math.max(0, attempt - 1));
}

class Refused extends Error {}

async function refusal(response: Response): Promise<string> {
  try {
    const problem: unknown = await response.json();
    if (typeof problem === 'object' && problem !== null && 'detail' in problem && typeof problem.detail === 'string') {
      return problem.detail;
    }
  } catch {
    // not JSON: the status says enough
  }
  return `the live tail answered ${response.status}`;
}

/**
 * Follows GET /tail while `enabled`: fetch with a streamed body (the session cookie goes
 * along; a GET needs no XSRF header), reconnecting after a drop with Last-Event-ID so nothing
 * is missed, and starting afresh whenever the filter (`query`) changes.
 */
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
    const url = `/api/v1/projects/${encodeURIComponent(projectId)}/tail?${query}`;
    let watermark: string | undefined;
    /** Whether the current attempt got the tail's `open`: a good connection resets the back-off. */
    let opened = false;

    async function connect(): Promise<void> {
      const connection = new AbortController();
      const abort = () => connection.abort();
      stop.signal.addEventListener('abort', abort);
      let silence = setTimeout(abort, SILENCE_MS);
      try {
        const response = await fetch(url, {
          headers: { Accept: 'text/event-stream', ...(watermark === undefined ? {} : { 'Last-Event-ID': watermark }) },
          credentials: 'same-origin',
          cache: 'no-store',
          signal: connection.signal,
        });
        if (response.status === 401) {
          window.location.assign(SIGN_IN_PATH);
          throw new Refused('you are signed out');
        }
        if (response.status >= 400 && response.status < 500) {
          throw new Refused(await refusal(response));
        }
        if (!response.ok || response.body === null) {
          throw new Error(`the live tail answered ${response.status}`);
        }
        const parser = new SseParser(watermark);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            return;
          }
          clearTimeout(silence);
          silence = setTimeout(abort, SILENCE_MS);
          const events = parser.feed(value);
          watermark = parser.lastEventId;
          if (events.some((event) => event.event === 'open')) {
            opened = true;
            setStatus({ state: 'live' });
          }
          if (events.length > 0) {
            dispatch({ type: 'events', events });
          }
        }
      } finally {
        clearTimeout(silence);
        stop.signal.removeEventListener('abort', abort);
      }
    }

    async function follow(): Promise<void> {
      let attempt = 0;
      while (!stop.signal.aborted) {
        setStatus({ state: 'connecting' });
        let error = 'the connection closed';
        opened = false;
        try {
          await connect();
        } catch (cause) {
          if (stop.signal.aborted) {
            return;
          }
          if (cause instanceof Refused) {
            setStatus({ state: 'failed', error: cause.message });
            return;
          }
          error = cause instanceof Error && cause.name !== 'AbortError' ? cause.message : 'no data or heartbeat for 45 s';
        }
        if (stop.signal.aborted) {
          return;
        }
        attempt = opened ? 1 : attempt + 1;
        const seconds = retryDelaySeconds(attempt);
        setStatus({ state: 'retrying', error, seconds });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, seconds * 1000);
          const cancel = () => {
            clearTimeout(timer);
            resolve();
          };
          stop.signal.addEventListener('abort', cancel, { once: true });
        });
      }
    }

    void follow();
    return () => stop.abort();
  }, [projectId, query, enabled]);

  return { tail, status, clear: () => dispatch({ type: 'reset' }) };
}
