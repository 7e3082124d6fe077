import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../lib/sse';
import { applyEvent, emptyTranscript, markDecided, startRun, type Transcript } from './transcript';

let next = 0;
const event = (type: string, data: unknown, id = String(++next)): SseEvent => ({ id, event: type, data: JSON.stringify(data) });
const play = (events: SseEvent[], from: Transcript = startRun(emptyTranscript, 'Why is checkout slow?', 'q1')) => events.reduce(applyEvent, from);
const usage = (run: number, session: number, cost: number) => event('usage', { model: 'm', cost_micros: cost, priced: true, estimated: false, run_tokens: run, session_tokens: session, session_cost_micros: cost });

describe('a run as its events arrive', () => {
  it('streams the answer token by token and settles it on message.completed', () => {
    const streaming = play([event('message.delta', { text: 'Check' }), event('message.delta', { text: 'out is slow' })]);
    expect(streaming.runs[0]?.items).toEqual([{ kind: 'answer', key: expect.any(String), text: 'Checkout is slow', streaming: true }]);

    const settled = play([event('message.completed', { text: 'Checkout is slow.' }), event('done', { reason: 'completed' })], streaming);
    expect(settled.runs[0]?.items).toMatchObject([{ kind: 'answer', text: 'Checkout is slow.', streaming: false }]);
    expect(settled.running).toBe(false);
    expect(settled.runs[0]?.ended).toBe('completed');
  });

  it('withdraws the streamed text on message.reset, keeping what a tool call settled', () => {
    const transcript = play([
      event('message.delta', { text: 'Looking.' }),
      event('tool.started', { call_id: 'c1', tool: 'aggregate', arguments: '{}' }),
      event('message.delta', { text: 'half an answ' }),
      event('message.reset', { reason: 'the model call failed' }),
      event('message.delta', { text: 'The answer' }),
    ]);
    const texts = transcript.runs[0]?.items.map((item) => (item.kind === 'answer' ? item.text : item.kind));
    expect(texts).toEqual(['Looking.', 'tool', 'notice', 'The answer']);
  });

  it('makes a card of each tool call, from started to finished', () => {
    const transcript = play([
      event('tool.started', { call_id: 'c1', tool: 'trace_search', arguments: '{"limit":5}' }),
      event('tool.finished', { call_id: 'c1', tool: 'trace_search', error: false, truncated: true, duration_ms: 99, content: '{"traces":[]}', references: [{ kind: 'trace', id: 'abc', label: 'slow' }] }),
    ]);
    expect(transcript.runs[0]?.items).toEqual([
      {
        kind: 'tool',
        key: 'tc1',
        call: { callId: 'c1', tool: 'trace_search', arguments: '{"limit":5}', status: 'succeeded', durationMs: 99, truncated: true, content: '{"traces":[]}', references: [{ kind: 'trace', id: 'abc', label: 'slow' }] },
      },
    ]);
  });

  it('marks a failed and a cancelled call', () => {
    const transcript = play([
      event('tool.started', { call_id: 'a', tool: 'shell', arguments: '{}' }),
      event('tool.started', { call_id: 'b', tool: 'shell', arguments: '{}' }),
      event('tool.finished', { call_id: 'a', tool: 'shell', error: true, duration_ms: 5, content: 'no such file' }),
      event('tool.finished', { call_id: 'b', tool: 'shell', error: true, cancelled: true, duration_ms: 7 }),
    ]);
    expect(transcript.runs[0]?.items.map((item) => item.kind === 'tool' && item.call.status)).toEqual(['failed', 'cancelled']);
  });

  it('shows an approval, and the approved call runs on under the same card', () => {
    const waiting = play([
      event('approval.required', { call_id: 'n1', tool: 'shell', arguments: '{"command":"curl x","network":true}' }),
      event('done', { reason: 'awaiting_approval' }),
    ]);
    expect(waiting.runs[0]?.items).toMatchObject([{ kind: 'tool', call: { status: 'awaiting_approval', arguments: '{"command":"curl x","network":true}' } }]);

    const approved = play([event('tool.started', { call_id: 'n1', tool: 'shell', arguments: '{"command":"curl x","network":true}' })], markDecided(waiting, 'n1', true));
    expect(approved.runs[0]?.items).toHaveLength(1);
    expect(markDecided(waiting, 'n1', false).runs[0]?.items).toMatchObject([{ call: { status: 'denied' } }]);
  });

  it('adds up the run usage and keeps the session totals', () => {
    const transcript = play([usage(100, 1100, 5), usage(250, 1250, 7)]);
    expect(transcript.runs[0]?.usage).toEqual({ tokens: 250, costMicros: 12, modelCalls: 2, estimated: false, unpriced: false });
    expect(transcript.session).toEqual({ tokens: 1250, costMicros: 7, estimated: false, unpriced: false });
  });

  it('ignores an event it has already applied', () => {
    const once = play([event('message.delta', { text: 'a' }, '7')]);
    const twice = applyEvent(once, event('message.delta', { text: 'a' }, '7'));
    expect(twice).toBe(once);
    expect(once.lastEventId).toBe('7');
  });

  it('tells of errors and trimmed context', () => {
    const transcript = play([event('context.trimmed', { dropped_turns: 2, shortened_tool_results: 3 }), event('error', { code: 'budget', message: 'over budget' })]);
    expect(transcript.runs[0]?.items).toMatchObject([
      { kind: 'notice', tone: 'info', text: expect.stringContaining('2 dropped, 3 tool results shortened') },
      { kind: 'notice', tone: 'error', text: 'budget: over budget' },
    ]);
  });
});
