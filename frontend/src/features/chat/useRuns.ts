import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { readStream, type StreamEnd, type StreamRequest } from '../../lib/sse';
import { sessionPath, useRefreshAfterRun } from './sessions';
import { applyEvent, markDecided, startRun, type Transcript } from './transcript';

export type Connection = 'idle' | 'streaming' | 'reconnecting';

/** What this page streams into a session: undefined transcript means "draw the stored history". */
export interface LiveSession {
  transcript?: Transcript;
  connection: Connection;
  error?: unknown;
}

const IDLE: LiveSession = { connection: 'idle' };

/**
 * The runs this page streams, per session, so switching sessions keeps a run streaming and a new
 * session's first question survives the navigation to it. Each run is read with the resuming
 * SSE reader; its events move the session's transcript on.
 */
export function useRuns(projectId: string) {
  const [live, setLive] = useState<Record<string, LiveSession>>({});
  const streams = useRef(new Map<string, AbortController>());
  const refresh = useRefreshAfterRun(projectId);

  useEffect(() => {
    const open = streams.current;
    return () => open.forEach((controller) => controller.abort());
  }, []);

  const update = useCallback((sessionId: string, change: (session: LiveSession) => LiveSession) => {
    setLive((all) => ({ ...all, [sessionId]: change(all[sessionId] ?? IDLE) }));
  }, []);

  /**
   * Streams one run into the session, from {@code start} (the base transcript plus what was just
   * asked). Resolves to whether any event came: when none did, the request failed (409 while
   * another run goes on, 403 for another person's session) and the transcript is put back.
   */
  const stream = useCallback(
    async (sessionId: string, request: StreamRequest, base: Transcript, start: Transcript): Promise<boolean> => {
      streams.current.get(sessionId)?.abort();
      const controller = new AbortController();
      streams.current.set(sessionId, controller);
      update(sessionId, () => ({ transcript: start, connection: 'streaming' }));
      let received = false;
      let end: StreamEnd | undefined;
      let failure: unknown;
      try {
        end = await readStream({
          request,
          resumePath: `${sessionPath(projectId, sessionId)}/events`,
          lastEventId: start.lastEventId,
          signal: controller.signal,
          onEvent: (event) => {
            received = true;
            update(sessionId, (s) => ({ ...s, transcript: applyEvent(s.transcript ?? start, event) }));
          },
          onConnection: (state) => update(sessionId, (s) => ({ ...s, connection: state === 'open' ? 'streaming' : 'reconnecting' })),
        });
      } catch (error) {
        failure = error;
      }
      if (streams.current.get(sessionId) === controller) {
        streams.current.delete(sessionId);
      }
      if (end === 'aborted') {
        return received;
      }
      update(sessionId, (s) => {
        if (!received) {
          return { transcript: failure === undefined && end === 'empty' ? undefined : base, connection: 'idle', error: failure };
        }
        // A stream lost for good: the stored history, read again (and polled while the run goes on), tells the rest.
        const transcript = failure === undefined && s.transcript !== undefined ? { ...s.transcript, running: false } : undefined;
        return { transcript, connection: 'idle', error: failure };
      });
      refresh(sessionId);
      return received;
    },
    [projectId, refresh, update],
  );

  const send = useCallback(
    (sessionId: string, base: Transcript, text: string) =>
      stream(sessionId, { method: 'POST', path: `${sessionPath(projectId, sessionId)}/messages`, body: { text } }, base, startRun(base, text, `q${Date.now()}`)),
    [projectId, stream],
  );

  const decide = useCallback(
    (sessionId: string, base: Transcript, callId: string, approve: boolean) =>
      stream(
        sessionId,
        { method: 'POST', path: `${sessionPath(projectId, sessionId)}/tool-calls/${encodeURIComponent(callId)}/${approve ? 'approve' : 'deny'}` },
        base,
        { ...markDecided(base, callId, approve), running: true },
      ),
    [projectId, stream],
  );

  const cancel = useCallback(
    async (sessionId: string) => {
      try {
        await api.post(`${sessionPath(projectId, sessionId)}/cancel`);
      } catch (error) {
        update(sessionId, (s) => ({ ...s, error }));
      }
      if (!streams.current.has(sessionId)) {
        refresh(sessionId);
      }
    },
    [projectId, refresh, update],
  );

  const dismiss = useCallback((sessionId: string) => update(sessionId, (s) => ({ ...s, error: undefined })), [update]);

  return { of: (sessionId: string | undefined) => (sessionId === undefined ? IDLE : live[sessionId] ?? IDLE), send, decide, cancel, dismiss };
}
