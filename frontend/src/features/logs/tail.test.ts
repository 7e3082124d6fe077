import { describe, expect, it } from 'vitest';
import type { LogRow } from './logs';
import { applyTailEvents, emptyTail, type SseEvent, SseParser } from './tail';
import { retryDelaySeconds } from './useLiveTail';

function log(n: number, body = `record ${n}`): LogRow {
  return {
    timeNanos: String(1_796_651_960_000_000_000n + BigInt(n)),
    observedTimeNanos: '1796651961922536700',
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    severityNumber: 13,
    severityText: 'WARN',
    serviceName: 'checkout',
    body,
    resourceAttributes: { 'service.name': 'checkout' },
    attributes: {},
    scopeName: '',
  };
}

const stream = [
  'id:w0\nevent:open\ndata:{"watermark":"w0"}\n\n',
  ':heartbeat\n\n',
  `event:log\ndata:${JSON.stringify(log(1))}\n\n`,
  `id:w1\nevent:log\ndata:${JSON.stringify(log(2))}\n\n`,
].join('');

function feedInPieces(text: string, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    events.push(...parser.feed(text.slice(at, cut)));
    at = cut;
  }
  return events;
}

describe('the SSE parser', () => {
  it('reads events, their names, data and ids, skipping comments', () => {
    const events = feedInPieces(stream, []);
    expect(events.map((e) => [e.event, e.id])).toEqual([
      ['open', 'w0'],
      ['log', 'w0'],
      ['log', 'w1'],
    ]);
    expect(JSON.parse(events[2]!.data)).toEqual(log(2));
  });

  it('gives the same events however the chunks are cut', () => {
    const whole = feedInPieces(stream, []);
    for (let cut = 1; cut < stream.length; cut += 7) {
      expect(feedInPieces(stream, [cut, cut + 3])).toEqual(whole);
    }
  });

  it('takes CRLF and CR line ends, even with CR and LF in two chunks', () => {
    const crlf = 'event: log\r\ndata: a\r\ndata: b\r\n\r\n';
    expect(feedInPieces(crlf, [20, 29, 31])).toEqual([{ event: 'log', data: 'a\nb' }]);
    expect(feedInPieces('data:x\r\r', [])).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('holds an event back until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.feed('event:log\ndata:{}')).toEqual([]);
    expect(parser.feed('\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([{ event: 'log', data: '{}' }]);
  });

  it('resumes from the watermark it was given, and keeps the newest id', () => {
    const parser = new SseParser('w9');
    expect(parser.feed('event:log\ndata:{}\n\n')[0]?.id).toBe('w9');
    parser.feed('id:w10\n\n');
    expect(parser.lastEventId).toBe('w10');
  });
});

describe('the tail', () => {
  const events = (...pairs: [string, unknown, string?][]): SseEvent[] =>
    pairs.map(([event, data, id]) => ({ event, data: JSON.stringify(data), ...(id === undefined ? {} : { id }) }));

  it('puts new records on top and remembers the watermark', () => {
    const state = applyTailEvents(emptyTail, events(['open', { watermark: 'w0' }, 'w0'], ['log', log(1)], ['log', log(2), 'w1']));
    expect(state.logs.map((l) => l.body)).toEqual(['record 2', 'record 1']);
    expect(state.watermark).toBe('w1');
    const next = applyTailEvents(state, events(['log', log(3), 'w2']));
    expect(next.logs.map((l) => l.body)).toEqual(['record 3', 'record 2', 'record 1']);
    expect(next.watermark).toBe('w2');
  });

  it('shows a record sent twice after a resume once', () => {
    const state = applyTailEvents(emptyTail, events(['log', log(1)], ['log', log(2), 'w1']));
    const resumed = applyTailEvents(state, events(['log', log(2)], ['log', log(3), 'w2']));
    expect(resumed.logs.map((l) => l.body)).toEqual(['record 3', 'record 2', 'record 1']);
  });

  it('keeps only the newest records beyond the cap, and forgets the dropped ones', () => {
    let state = emptyTail;
    for (let n = 1; n <= 7; n++) {
      state = applyTailEvents(state, events(['log', log(n)]), 5);
    }
    expect(state.logs.map((l) => l.body)).toEqual(['record 7', 'record 6', 'record 5', 'record 4', 'record 3']);
    expect(state.seen.size).toBe(5);
  });

  it('reports a gap and skipped records', () => {
    const state = applyTailEvents(
      emptyTail,
      events(['gap', { from: '2026-12-07T10:00:00Z', to: '2026-12-07T11:00:00Z' }], ['lagging', { skipped: 120 }], ['lagging', { skipped: 5 }, 'w3']),
    );
    expect(state.gap).toEqual({ from: '2026-12-07T10:00:00Z', to: '2026-12-07T11:00:00Z' });
    expect(state.skipped).toBe(125);
    expect(state.watermark).toBe('w3');
  });

  it('ignores events it does not know and data that is not JSON', () => {
    const state = applyTailEvents(emptyTail, [{ event: 'trace-complete', data: '{"traceId":"x"}' }, { event: 'log', data: 'not json' }]);
    expect(state).toBe(emptyTail);
  });
});

describe('reconnecting', () => {
  it('waits 1, 2, 4 … seconds between failed attempts, never more than 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });
});
