import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../lib/sseParser';
import type { LogRow } from './logs';
import { applyTailEvents, emptyTail, type TailState } from './tail';

export function log(n: number, body = `record ${n}`): LogRow {
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

/** What GET /tail sends: the open event, a heartbeat, then a poll whose last event carries the watermark. */
const wire = [
  'id:w0\nevent:open\ndata:{"watermark":"w0"}\n\n',
  ':heartbeat\n\n',
  `event:log\ndata:${JSON.stringify(log(1))}\n\n`,
  `id:w1\nevent:log\ndata:${JSON.stringify(log(2))}\n\n`,
].join('');

function tailOf(text: string, cuts: number[]): TailState {
  const parser = createSseParser();
  let state = emptyTail;
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    state = applyTailEvents(state, parser.push(text.slice(at, cut)));
    at = cut;
  }
  return state;
}

describe("the tail's stream", () => {
  it('reads records and the watermark from the wire', () => {
    const state = tailOf(wire, []);
    expect(state.logs.map((l) => l.body)).toEqual(['record 2', 'record 1']);
    expect(state.watermark).toBe('w1');
  });

  it('builds the same tail however the chunks are cut', () => {
    const whole = tailOf(wire, []);
    for (let cut = 1; cut < wire.length; cut += 3) {
      const state = tailOf(wire, [cut, Math.min(cut + 5, wire.length)]);
      expect(state.logs).toEqual(whole.logs);
      expect(state.watermark).toBe('w1');
    }
  });

  it('takes CRLF line ends split between chunks', () => {
    const crlf = wire.replaceAll('\n', '\r\n');
    const at = crlf.indexOf('\r\n', 20) + 1; // between a CR and its LF
    expect(tailOf(crlf, [at]).logs).toHaveLength(2);
  });
});

describe('the tail', () => {
  const events = (...pairs: [string, unknown, string?][]): SseEvent[] =>
    pairs.map(([event, data, id]) => ({ event, data: JSON.stringify(data), id }));

  it('puts new records on top and remembers the watermark', () => {
    const state = applyTailEvents(emptyTail, events(['open', { watermark: 'w0' }, 'w0'], ['log', log(1)], ['log', log(2), 'w1']));
    expect(state.logs.map((l) => l.body)).toEqual(['record 2', 'record 1']);
    expect(state.watermark).toBe('w1');
    const next = applyTailEvents(state, events(['log', log(3), 'w2']));
    expect(next.logs.map((l) => l.body)).toEqual(['record 3', 'record 2', 'record 1']);
    expect(next.watermark).toBe('w2');
  });

  it('keeps the watermark through events that carry none', () => {
    const state = applyTailEvents(emptyTail, events(['log', log(1), 'w5']));
    expect(applyTailEvents(state, events(['log', log(2)])).watermark).toBe('w5');
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
    const state = applyTailEvents(emptyTail, [
      { event: 'trace-complete', data: '{"traceId":"x"}', id: undefined },
      { event: 'log', data: 'not json', id: undefined },
    ]);
    expect(state).toBe(emptyTail);
  });
});
