import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../lib/sseParser';
import { followTail, retryDelaySeconds, type TailStatus } from './followTail';

const encoder = new TextEncoder();

/** A body that sends these chunks, then ends, breaks as a dropped connection does, or stays open. */
function body(chunks: string[], then: 'end' | 'break' | 'hang'): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) {
        controller.enqueue(encoder.encode(chunk));
      } else if (then === 'break') {
        controller.error(new TypeError('network error'));
      } else if (then === 'end') {
        controller.close();
      }
      // 'hang': never answers again, as a live tail between polls
    },
  });
}

const sse = (chunks: string[], then: 'end' | 'break' | 'hang') => () =>
  new Response(body(chunks, then), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });

const problem = (status: number, detail: string) => () =>
  new Response(JSON.stringify({ title: 'Bad Request', status, detail }), { status, headers: { 'Content-Type': 'application/problem+json' } });

/** Follows the tail against these answers, one per request, until the last answer is read or a status ends it. */
async function follow(answers: (() => Response)[], until: (status: TailStatus, sent: number, events: SseEvent[]) => boolean) {
  const stop = new AbortController();
  const sent: { url: string; lastEventId: string | undefined }[] = [];
  const events: SseEvent[] = [];
  const statuses: string[] = [];
  let last: TailStatus = { state: 'off' };
  const check = () => until(last, sent.length, events) && stop.abort();
  const done = followTail({
    path: '/api/v1/projects/p/tail?signal=logs',
    signal: stop.signal,
    onEvents: (batch) => {
      events.push(...batch);
      check();
    },
    onStatus: (status) => {
      statuses.push(status.state === 'retrying' ? `retrying ${status.seconds}` : status.state);
      last = status;
      check();
    },
    delaySeconds: (attempt) => attempt / 1000,
    environment: {
      fetch: async (input, init) => {
        const headers = new Headers(init?.headers);
        sent.push({ url: String(input), lastEventId: headers.get('Last-Event-ID') ?? undefined });
        const answer = answers[sent.length - 1];
        if (answer === undefined) {
          throw new TypeError('no more answers');
        }
        return answer();
      },
      cookies: () => '',
      onUnauthorized: () => {},
    },
  });
  await done;
  return { sent, events, statuses };
}

const log = (body: string) => JSON.stringify({ timeNanos: '1', observedTimeNanos: '1', body });

describe('following the tail', () => {
  it('resumes after a drop from the watermark, and reads what comes after it', async () => {
    const { sent, events, statuses } = await follow(
      [
        sse(['id:w0\nevent:open\ndata:{"watermark":"w0"}\n\n', `event:log\ndata:${log('a')}\n\nid:w1\nevent:log\ndata:${log('b')}\n\n`], 'break'),
        sse([`id:w1\nevent:open\ndata:{"watermark":"w1"}\n\nid:w2\nevent:log\ndata:${log('c')}\n\n`], 'hang'),
      ],
      (_status, requests, events) => requests === 2 && events.length >= 5,
    );
    expect(sent.map((request) => request.lastEventId)).toEqual([undefined, 'w1']);
    expect(sent[1]?.url).toBe('/api/v1/projects/p/tail?signal=logs');
    expect(events.map((event) => `${event.event}:${event.id ?? ''}`)).toEqual(['open:w0', 'log:', 'log:w1', 'open:w1', 'log:w2']);
    expect(statuses.slice(0, 4)).toEqual(['connecting', 'live', 'retrying 0.001', 'connecting']);
  });

  it('hands over a gap the resumed tail reports', async () => {
    const { events } = await follow(
      [
        sse(['id:w0\nevent:open\ndata:{}\n\n'], 'end'),
        sse(['id:w0\nevent:open\ndata:{}\n\nevent:gap\ndata:{"from":"2026-12-07T10:00:00Z","to":"2026-12-07T11:00:00Z"}\n\n'], 'hang'),
      ],
      (_status, requests, events) => requests === 2 && events.some((event) => event.event === 'gap'),
    );
    expect(events.map((event) => event.event)).toEqual(['open', 'open', 'gap']);
  });

  it('backs off longer while attempts bring nothing', async () => {
    const { statuses } = await follow([sse([], 'end'), sse([':heartbeat\n\n'], 'end'), sse([], 'end')], (status) => status.state === 'retrying' && status.seconds >= 0.003);
    expect(statuses.filter((s) => s.startsWith('retrying'))).toEqual(['retrying 0.001', 'retrying 0.002', 'retrying 0.003']);
  });

  it('stops at a refusal, saying why', async () => {
    const { sent, statuses } = await follow([problem(400, 'minSeverity must be 0 to 24, was 99')], () => false);
    expect(sent).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'failed']);
  });

  it('waits 1, 2, 4 … seconds between failed attempts, never more than 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });
});
