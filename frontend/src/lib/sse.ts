/**
 * A Server-Sent Events reader over fetch and ReadableStream, for streams EventSource cannot open:
 * it POSTs (with the XSRF header, as the API client sends it) and resumes. When the connection
 * drops, it reconnects to `resumePath` with `Last-Event-ID: <the last id seen>`, backing off
 * between attempts, and drops any event whose id it has already passed on, so nothing is shown
 * twice. The stream ends at its last event (`done`).
 */
import { ApiError, type ApiOptions, browserEnvironment } from './api';
import { Dropped, readOnce, sleep, type StreamRequest } from './sseConnection';
import type { SseEvent } from './sseParser';

export type { SseEvent } from './sseParser';
export type { StreamRequest } from './sseConnection';

/**
 * How a read ended: at its last event; `empty`, the first answer ended with no event at all (an
 * approval while other calls still wait); `ended`, a resumed stream ended with nothing new (no
 * run goes on any more); `aborted` by the caller.
 */
export type StreamEnd = 'done' | 'empty' | 'ended' | 'aborted';

export interface ReadOptions {
  request: StreamRequest;
  /** Where to resume (GET), with the Last-Event-ID header. */
  resumePath: string;
  /** The last event id seen before this request (earlier runs of the session), to resume from. */
  lastEventId?: string;
  onEvent: (event: SseEvent) => void;
  /** `reconnecting` before each attempt after a drop (1, 2, …); `open` once a stream answers again. */
  onConnection?: (state: 'open' | 'reconnecting', attempt: number) => void;
  signal?: AbortSignal;
  environment?: ApiOptions;
  /** Attempts to reconnect before giving up; 10 by default. */
  attempts?: number;
  /** The wait before attempt n (1-based): 0.5 s doubling, at most 10 s, by default. */
  delayMs?: (attempt: number) => number;
  /** Nothing at all (not even a heartbeat, sent every 15 s) for this long counts as a drop. */
  idleTimeoutMs?: number;
  isLast?: (event: SseEvent) => boolean;
}

const backoff = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 10_000);

export async function readStream(options: ReadOptions): Promise<StreamEnd> {
  const env = options.environment ?? browserEnvironment;
  const isLast = options.isLast ?? ((event: SseEvent) => event.event === 'done');
  const attempts = options.attempts ?? 10;
  const seen = new Set<string>();
  let lastId = options.lastEventId;
  let attempt = 0;
  let resuming = false;

  for (;;) {
    if (options.signal?.aborted) {
      return 'aborted';
    }
    let fresh = 0;
    try {
      const request: StreamRequest = resuming ? { method: 'GET', path: options.resumePath } : options.request;
      const once = { signal: options.signal, idleTimeoutMs: options.idleTimeoutMs ?? 45_000, resumable: options.lastEventId !== undefined };
      const end = await readOnce(env, request, resuming ? lastId : undefined, once, (event) => {
        if (event.id !== undefined) {
          if (seen.has(event.id)) {
            return false;
          }
          seen.add(event.id);
          lastId = event.id;
        }
        fresh += 1;
        attempt = 0;
        options.onEvent(event);
        return isLast(event);
      }, () => resuming && options.onConnection?.('open', 0));
      if (end === 'last') {
        return 'done';
      }
      if (fresh === 0) {
        return resuming ? 'ended' : 'empty';
      }
      // The stream ended before its last event (the service cut off a slow reader): resume.
    } catch (error) {
      if (options.signal?.aborted) {
        return 'aborted';
      }
      if (!(error instanceof Dropped)) {
        throw error;
      }
    }
    if (lastId === undefined) {
      throw new ApiError({
        title: 'Connection lost',
        status: 0,
        detail: 'The stream broke before its first event, so it cannot be resumed: reload the session to see how the run went.',
      });
    }
    attempt += 1;
    if (attempt > attempts) {
      throw new ApiError({
        title: 'Connection lost',
        status: 0,
        detail: `The stream could not be resumed after ${attempts} attempts; is the service running? Reload the session to see how the run went.`,
      });
    }
    resuming = true;
    options.onConnection?.('reconnecting', attempt);
    await sleep((options.delayMs ?? backoff)(attempt), options.signal);
  }
}
