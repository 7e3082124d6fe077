import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { readStream, type ReadOptions, type SseEvent } from './sse';
import { createSseParser } from './sseParser';

const encoder = new TextEncoder();

/** A body that sends these chunks, then ends, or breaks as a dropped connection does. */
function body(chunks: string[], breaks = false): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) {
        controller.enqueue(encoder.encode(chunk));
      } else if (breaks) {
        controller.error(new TypeError('network error'));
      } else {
        controller.close();
      }
    },
  });
}

interface Sent {
  url: string;
  init: RequestInit;
}

/** A service answering each request with the next of these answers. */
function service(...answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const environment = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), init: init ?? {} });
      const answer = answers[sent.length - 1];
      if (answer === undefined) {
        throw new TypeError('no more answers');
      }
      return answer();
    },
    cookies: () => 'XSRF-TOKEN=tok',
    onUnauthorized: () => {},
  };
  return { sent, environment };
}

const stream = (chunks: string[], breaks = false) => () =>
  new Response(body(chunks, breaks), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });

const event = (id: number, type: string, data: unknown) => `id:${id}\nevent:${type}\ndata:${JSON.stringify(data)}\n\n`;

async function read(answers: ReturnType<typeof service>, extra: Partial<ReadOptions> = {}) {
  const events: SseEvent[] = [];
  const states: string[] = [];
  const end = await readStream({
    request: { method: 'POST', path: '/s/1/messages', body: { text: 'why?' } },
    resumePath: '/s/1/events',
    onEvent: (e) => events.push(e),
    onConnection: (state, attempt) => states.push(`${state}${attempt}`),
    environment: answers.environment,
    delayMs: () => 1,
    ...extra,
  });
  return { end, events, states };
}

describe('the SSE parser', () => {
  it('reads an event split across chunks at every boundary', () => {
    const wire = 'id:7\nevent:message.delta\ndata:{"text":"héllo"}\n\n';
    for (let cut = 0; cut <= wire.length; cut++) {
      const parser = createSseParser();
      const events = [...parser.push(wire.slice(0, cut)), ...parser.push(wire.slice(cut))];
      expect(events).toEqual([{ id: '7', event: 'message.delta', data: '{"text":"héllo"}' }]);
    }
  });

  it('reads CRLF and CR line ends, even a CRLF split between chunks', () => {
    const parser = createSseParser();
    const events = [...parser.push('id: 1\r\ndata: a\r'), ...parser.push('\ndata: b\r\r'), ...parser.push('data:c\r\n\r\n')];
    expect(events).toEqual([
      { id: '1', event: 'message', data: 'a\nb' },
      { id: undefined, event: 'message', data: 'c' },
    ]);
  });

  it('counts heartbeat comments and makes no event of them', () => {
    const parser = createSseParser();
    expect(parser.push(':heartbeat\n\n:heartbeat\n\n')).toEqual([]);
    expect(parser.comments).toBe(2);
  });
});

describe('the stream reader', () => {
  it('POSTs with the XSRF header and ends at done', async () => {
    const answers = service(stream([event(1, 'message.delta', { text: 'a' }), ':heartbeat\n\n', event(2, 'done', { reason: 'completed' }), event(3, 'late', {})]));

    const { end, events } = await read(answers);

    expect(end).toBe('done');
    expect(events.map((e) => e.event)).toEqual(['message.delta', 'done']);
    const headers = answers.sent[0]?.init.headers as Record<string, string>;
    expect(headers['X-XSRF-TOKEN']).toBe('tok');
    expect(answers.sent[0]?.init.method).toBe('POST');
  });

  it('resumes a dropped stream from the last id seen and shows nothing twice', async () => {
    const answers = service(
      stream([event(1, 'message.delta', { text: 'a' }), event(2, 'message.delta', { text: 'b' })], true),
      stream([event(2, 'message.delta', { text: 'b' }), event(3, 'tool.started', {}), event(4, 'done', {})]),
    );

    const { end, events, states } = await read(answers);

    expect(end).toBe('done');
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4']);
    expect(states).toEqual(['reconnecting1', 'open0']);
    const resume = answers.sent[1];
    expect(resume?.url).toBe('/s/1/events');
    expect(resume?.init.method).toBe('GET');
    expect((resume?.init.headers as Record<string, string>)['Last-Event-ID']).toBe('2');
    expect((resume?.init.headers as Record<string, string>)['X-XSRF-TOKEN']).toBeUndefined();
  });

  it('keeps retrying with backoff while the service does not answer', async () => {
    const refused = () => {
      throw new TypeError('connection refused');
    };
    const answers = service(stream([event(5, 'usage', {})], true), refused, refused, stream([event(6, 'done', {})]));
    const delays: number[] = [];

    const { end, states } = await read(answers, { delayMs: (n) => (delays.push(n), 1) });

    expect(end).toBe('done');
    expect(delays).toEqual([1, 2, 3]);
    expect(states).toEqual(['reconnecting1', 'reconnecting2', 'reconnecting3', 'open0']);
  });

  it('resumes from the id of an earlier run when the first answer breaks at once', async () => {
    const answers = service(stream([], true), stream([event(41, 'done', {})]));

    const { end, events } = await read(answers, { lastEventId: '40' });

    expect(end).toBe('done');
    expect(events.map((e) => e.id)).toEqual(['41']);
    expect((answers.sent[1]?.init.headers as Record<string, string>)['Last-Event-ID']).toBe('40');
  });

  it('gives up with a reason when nothing was seen to resume from', async () => {
    const answers = service(stream([], true));

    const failure = await read(answers).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toContain('cannot be resumed');
  });

  it('ends quietly when a resumed stream has nothing new (the run is over)', async () => {
    const answers = service(stream([event(1, 'message.delta', {})], true), stream([event(1, 'message.delta', {})]));

    const { end, events } = await read(answers);

    expect(end).toBe('ended');
    expect(events).toHaveLength(1);
  });

  it('answers empty for a stream with no event (an approval while other calls wait)', async () => {
    const { end } = await read(service(stream([])));
    expect(end).toBe('empty');
  });

  it('reads the problem a failed stream carries as event data', async () => {
    const problem = { title: 'Conflict', status: 409, detail: 'a run of this session goes on' };
    const answers = service(() => new Response(`data:${JSON.stringify(problem)}\n\n`, { status: 409, headers: { 'Content-Type': 'text/event-stream' } }));

    const failure = (await read(answers).catch((e: unknown) => e)) as ApiError;

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(409);
    expect(failure.message).toBe('a run of this session goes on');
    expect(answers.sent).toHaveLength(1);
  });

  it('treats a silent connection as dropped', async () => {
    const silent = () => new Response(new ReadableStream<Uint8Array>({ start(c) { c.enqueue(encoder.encode(event(1, 'usage', {}))); } }), { status: 200 });
    const answers = service(silent, stream([event(2, 'done', {})]));

    const { end, events } = await read(answers, { idleTimeoutMs: 20 });

    expect(end).toBe('done');
    expect(events.map((e) => e.id)).toEqual(['1', '2']);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const answers = service(() => {
      controller.abort();
      return stream([event(1, 'usage', {})], true)();
    });

    const { end } = await read(answers, { signal: controller.signal });

    expect(end).toBe('aborted');
  });
});
