import { describe, expect, it } from 'vitest';
import { fromHistory } from './history';
import type { SessionDetail } from './sessions';

const detail: SessionDetail = {
  session: { id: 's1', title: 'checkout latency', model: 'offline-investigator', status: 'idle', running: false, owner: 'api-key', yours: true, createdAt: '2026-12-07T13:58:37Z', updatedAt: '2026-12-07T13:58:42Z' },
  messages: [
    { ordinal: 1, role: 'user', text: 'Why is checkout slow?', toolCalls: [], callId: null, toolName: null, createdAt: '2026-12-07T13:58:38Z' },
    { ordinal: 2, role: 'assistant', text: 'Looking.\n\n', toolCalls: [{ id: 'c1', name: 'aggregate', arguments: '{}' }], callId: null, toolName: null, createdAt: '2026-12-07T13:58:38Z' },
    { ordinal: 3, role: 'tool', text: '{"unit":"ms","groups":[]}', toolCalls: [], callId: 'c1', toolName: 'aggregate', createdAt: '2026-12-07T13:58:39Z' },
    { ordinal: 4, role: 'assistant', text: 'It is the deploy.', toolCalls: [], callId: null, toolName: null, createdAt: '2026-12-07T13:58:40Z' },
  ],
  toolCalls: [
    { callId: 'c1', tool: 'aggregate', arguments: '{}', status: 'succeeded', output: '{"unit":"ms","groups":[]}', startedAt: '2026-12-07T13:58:38.100Z', finishedAt: '2026-12-07T13:58:38.598Z' },
    { callId: 'w1', tool: 'shell', arguments: '{"command":"ls"}', status: 'awaiting_approval', output: null, startedAt: null, finishedAt: null },
  ],
  usage: { modelCalls: 2, inputTokens: 1000, outputTokens: 50, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costMicros: 42, includesEstimates: true, includesUnpriced: false },
};

describe('a reopened session', () => {
  it('draws its questions, answers and tool calls in order, with the session totals', () => {
    const transcript = fromHistory(detail);
    expect(transcript.runs).toHaveLength(1);
    expect(transcript.runs[0]?.question).toBe('Why is checkout slow?');
    expect(transcript.runs[0]?.items.map((item) => (item.kind === 'tool' ? `${item.call.tool}:${item.call.status}` : item.kind))).toEqual([
      'answer',
      'aggregate:succeeded',
      'answer',
      'shell:awaiting_approval',
    ]);
    const call = transcript.runs[0]?.items[1];
    expect(call?.kind === 'tool' && call.call).toMatchObject({ durationMs: 498, content: '{"unit":"ms","groups":[]}', truncated: false });
    expect(transcript.session).toEqual({ tokens: 1050, costMicros: 42, estimated: true, unpriced: false });
    expect(transcript.running).toBe(false);
  });
});
