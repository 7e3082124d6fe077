/**
 * Follows GET /tail for as long as the page wants it: one connection at a time through the shared
 * SSE reader's `readOnce` (the session cookie goes along; a GET needs no XSRF header), and after a
 * drop, a silent connection (no heartbeat for 45 s) or an ended body, the next one resumes with
 * `Last-Event-ID: <watermark>`, backing off 1, 2, 4 … 30 s. Unlike the chat's `readStream`, a tail
 * never ends by itself, so it retries without limit; only a 4xx (a bad filter, no access) stops it.
 */
import { ApiError, type ApiOptions, browserEnvironment } from '../../lib/api';
import { Dropped, readOnce, sleep } from '../../lib/sseConnection';
import type { SseEvent } from '../../lib/sseParser';

export type TailStatus =
  | { state: 'off' }
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'retrying'; error: string; seconds: number }
  | { state: 'failed'; error: string };

export interface FollowOptions {
  /** GET /tail's path and query string. */
  path: string;
  signal: AbortSignal;
  /** The events of one chunk, together, so a burst is drawn once. */
  onEvents: (events: SseEvent[]) => void;
  onStatus: (status: TailStatus) => void;
  environment?: ApiOptions;
  delaySeconds?: (attempt: number) => number;
  idleTimeoutMs?: number;
}

/** 1, 2, 4 … seconds between attempts, at most 30. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(30, 2 ** Math.max(0, attempt - 1));
}

export async function followTail(options: FollowOptions): Promise<void> {
  const { signal, onStatus } = options;
  const delay = options.delaySeconds ?? retryDelaySeconds;
  let watermark: string | undefined;
  let attempt = 0;
  while (!signal.aborted) {
    onStatus({ state: 'connecting' });
    let received = false;
    let batch: SseEvent[] = [];
    const deliver = (event: SseEvent) => {
      received = true;
      watermark = event.id ?? watermark;
      if (batch.length === 0) {
        queueMicrotask(() => {
          const events = batch;
          batch = [];
          options.onEvents(events);
        });
      }
      batch.push(event);
      return false; // a tail has no last event
    };
    let error = 'the connection closed';
    try {
      await readOnce(
        options.environment ?? browserEnvironment,
        { method: 'GET', path: options.path },
        watermark,
        { signal, idleTimeoutMs: options.idleTimeoutMs ?? 45_000, resumable: true },
        deliver,
        () => onStatus({ state: 'live' }),
      );
    } catch (cause) {
      if (signal.aborted) {
        return;
      }
      if (!(cause instanceof Dropped)) {
        onStatus({ state: 'failed', error: cause instanceof ApiError ? cause.message : String(cause) });
        return;
      }
      error = cause.message;
    }
    if (signal.aborted) {
      return;
    }
    attempt = received ? 1 : attempt + 1;
    const seconds = delay(attempt);
    onStatus({ state: 'retrying', error, seconds });
    await sleep(seconds * 1000, signal);
  }
}
