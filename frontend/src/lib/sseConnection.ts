/**
 * One request of the SSE reader (sse.ts) and its answer, read to the end or to the last event.
 * A drop a resume may cure is thrown as {@link Dropped}; anything else as an {@link ApiError}.
 */
import { ApiError, type ApiOptions, NotSignedIn, type Problem, toProblem, xsrfHeader } from './api';
import { createSseParser, type SseEvent } from './sseParser';

export interface StreamRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** A drop worth resuming after: no answer, a broken or silent connection, a 5xx on resuming. */
export class Dropped extends Error {}

export interface ReadOnceOptions {
  /** The caller's abort. */
  signal?: AbortSignal;
  /** Nothing at all (not even a heartbeat) for this long counts as a drop. */
  idleTimeoutMs: number;
  /** Whether an earlier event id is known, so a POST that got no answer may still be resumed. */
  resumable: boolean;
}

/**
 * One request and its answer read to the end: `last` when the last event came, `ended` when
 * the body ended first. Throws {@link Dropped} for what a resume may cure (no answer, a broken or
 * silent connection, a 5xx on resuming) and {@link ApiError} for what it cannot.
 */
export async function readOnce(
  env: ApiOptions,
  request: StreamRequest,
  lastEventId: string | undefined,
  options: ReadOnceOptions,
  deliver: (event: SseEvent) => boolean,
  opened: () => void,
): Promise<'last' | 'ended'> {
  const idle = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // A real fetch's body fails once its signal aborts; cancelling the reader as well ends a
  // pending read whatever the fetch does with the signal.
  const abort = () => {
    idle.abort();
    void reader?.cancel().catch(() => undefined);
  };
  options.signal?.addEventListener('abort', abort);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(abort, options.idleTimeoutMs);
  };
  try {
    touch();
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      ...xsrfHeader(request.method, env.cookies()),
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (lastEventId !== undefined) {
      headers['Last-Event-ID'] = lastEventId;
    }
    let response: Response;
    try {
      response = await env.fetch(request.path, {
        method: request.method,
        headers,
        credentials: 'same-origin',
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: idle.signal,
      });
    } catch (cause) {
      if (request.method === 'POST' && !options.resumable) {
        throw new ApiError({ title: 'No answer from the service', status: 0, detail: `${request.path} got no answer (${String(cause)}); is the service running? Retry in a moment.` });
      }
      throw new Dropped(String(cause));
    }
    if (!response.ok) {
      const problem = await problemOf(response, request);
      if (response.status === 401) {
        env.onUnauthorized();
        throw new NotSignedIn(problem);
      }
      if (response.status >= 500 && request.method === 'GET') {
        throw new Dropped(problem.title);
      }
      throw new ApiError(problem);
    }
    opened();
    if (response.body === null) {
      return 'ended';
    }
    reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = createSseParser();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw new Dropped(String(cause));
      }
      if (idle.signal.aborted) {
        throw new Dropped('no event nor heartbeat in time');
      }
      touch();
      const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      for (const event of parser.push(text)) {
        if (deliver(event)) {
          void reader.cancel().catch(() => undefined);
          return 'last';
        }
      }
      if (chunk.done) {
        return 'ended';
      }
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}

/** A failed stream's problem: the service writes it as JSON, or as the data of one event. */
async function problemOf(response: Response, request: StreamRequest): Promise<Problem> {
  const fallback: Problem = {
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `${request.method} ${request.path} answered ${response.status}`,
  };
  try {
    const text = await response.text();
    const type = response.headers.get('Content-Type') ?? '';
    const json = type.includes('event-stream') ? createSseParser().push(`${text}\n\n`)[0]?.data : text;
    return json === undefined ? fallback : toProblem(JSON.parse(json), fallback);
  } catch {
    return fallback;
  }
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
