/**
 * A stored session (GET /{session}) as a transcript: each question starts a run; the
 * assistant's texts and tool calls follow in order. The stored history has no per-run usage
 * and no event ids, so reopened runs show the session's totals only.
 */
import type { SessionDetail, StoredToolCall } from './sessions';
import type { Item, Run, ToolCallState, Transcript } from './transcript';

export function fromHistory(detail: SessionDetail): Transcript {
  const calls = new Map(detail.toolCalls.map((call) => [call.callId, call]));
  const placed = new Set<string>();
  const runs: Run[] = [];
  let run: Run | undefined;
  const current = (): Run => {
    if (run === undefined) {
      run = { key: 'h0', items: [] };
      runs.push(run);
    }
    return run;
  };
  for (const turn of [...detail.messages].sort((a, b) => a.ordinal - b.ordinal)) {
    if (turn.role === 'user') {
      run = { key: `h${turn.ordinal}`, question: turn.text ?? '', items: [] };
      runs.push(run);
    } else if (turn.role === 'assistant') {
      const items = current().items;
      if (turn.text !== null && turn.text.trim() !== '') {
        items.push({ kind: 'answer', key: `a${turn.ordinal}`, text: turn.text, streaming: false });
      }
      for (const ref of turn.toolCalls) {
        const stored = calls.get(ref.id);
        placed.add(ref.id);
        items.push(toolItem(stored ?? { callId: ref.id, tool: ref.name, arguments: ref.arguments, status: 'cancelled', output: null, startedAt: null, finishedAt: null }));
      }
    }
  }
  const rest = detail.toolCalls.filter((call) => !placed.has(call.callId)).map(toolItem);
  if (rest.length > 0) {
    current().items.push(...rest);
  }
  const usage = detail.usage;
  return {
    runs,
    running: false,
    session: {
      tokens: usage.inputTokens + usage.outputTokens,
      costMicros: usage.costMicros,
      estimated: usage.includesEstimates,
      unpriced: usage.includesUnpriced,
    },
  };
}

const CUT_MARKER = /\n?\[cut: [^\]]*\]\s*$/;

function toolItem(stored: StoredToolCall): Item {
  const call: ToolCallState = {
    callId: stored.callId,
    tool: stored.tool,
    arguments: stored.arguments,
    status: stored.status,
    durationMs: durationOf(stored),
    truncated: stored.output !== null && CUT_MARKER.test(stored.output),
    content: stored.output ?? undefined,
    references: [],
  };
  return { kind: 'tool', key: `t${stored.callId}`, call };
}

function durationOf(stored: StoredToolCall): number | undefined {
  if (stored.startedAt === null || stored.finishedAt === null) {
    return undefined;
  }
  return Date.parse(stored.finishedAt) - Date.parse(stored.startedAt);
}
