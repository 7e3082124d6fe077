/**
 * A session's conversation as the page draws it: runs (a question and what answered it), each a
 * list of answer texts, tool calls and notices. Built from the stored history (history.ts) and
 * then moved on by the run's events ({@link applyEvent}), one pure step per event.
 */
import type { SseEvent } from '../../lib/sse';
import { parseEventData, type Reference } from './events';

export type { Reference };

export type ToolStatus = 'running' | 'awaiting_approval' | 'succeeded' | 'failed' | 'denied' | 'cancelled';


export interface ToolCallState {
  callId: string;
  tool: string;
  /** The arguments as the model wrote them (JSON text). */
  arguments: string;
  status: ToolStatus;
  durationMs?: number;
  truncated?: boolean;
  /** The result: the event's (cut at 4,000 characters) or the stored one. */
  content?: string;
  references: Reference[];
}

export type Item =
  | { kind: 'answer'; key: string; text: string; streaming: boolean }
  | { kind: 'tool'; key: string; call: ToolCallState }
  | { kind: 'notice'; key: string; tone: 'info' | 'error'; text: string };

export interface RunUsage {
  tokens: number;
  costMicros: number;
  modelCalls: number;
  estimated: boolean;
  unpriced: boolean;
}

export interface Run {
  key: string;
  question?: string;
  items: Item[];
  usage?: RunUsage;
  /** How the run ended (`done`'s reason); undefined while it goes on or for stored history. */
  ended?: string;
}

export interface SessionUsage {
  tokens: number;
  costMicros: number;
  estimated: boolean;
  unpriced: boolean;
}

export interface Transcript {
  runs: Run[];
  session?: SessionUsage;
  /** Whether a run streams into this transcript now. */
  running: boolean;
  /** The last event id applied, to resume from. */
  lastEventId?: string;
}

export const emptyTranscript: Transcript = { runs: [], running: false };

/** A new run for a question just sent. */
export function startRun(transcript: Transcript, question: string, key: string): Transcript {
  return { ...transcript, running: true, runs: [...transcript.runs, { key, question, items: [] }] };
}

export function applyEvent(transcript: Transcript, event: SseEvent): Transcript {
  if (event.id !== undefined && transcript.lastEventId !== undefined && Number(event.id) <= Number(transcript.lastEventId)) {
    return transcript;
  }
  const data = parseEventData(event);
  const next: Transcript = { ...transcript, lastEventId: event.id ?? transcript.lastEventId };
  const key = `e${event.id ?? `${transcript.runs.length}.${transcript.runs.at(-1)?.items.length ?? 0}`}`;
  const run = lastRun(next, key);
  switch (data.type) {
    case 'message.delta': {
      const open = run.items.at(-1);
      if (open?.kind === 'answer' && open.streaming) {
        return withItems(next, [...run.items.slice(0, -1), { ...open, text: open.text + data.text }]);
      }
      return withItems(next, [...run.items, { kind: 'answer', key, text: data.text, streaming: true }]);
    }
    case 'message.reset': {
      const items = isOpen(run.items.at(-1)) ? run.items.slice(0, -1) : run.items;
      return withItems(next, [...items, { kind: 'notice', key, tone: 'info', text: `The text streamed since the last step was withdrawn: ${data.reason}.` }]);
    }
    case 'message.completed': {
      const open = run.items.at(-1);
      if (isOpen(open)) {
        return withItems(next, [...run.items.slice(0, -1), { ...open, text: data.text, streaming: false }]);
      }
      return data.text === '' ? next : withItems(next, [...run.items, { kind: 'answer', key, text: data.text, streaming: false }]);
    }
    case 'tool.started':
    case 'approval.required': {
      const status: ToolStatus = data.type === 'tool.started' ? 'running' : 'awaiting_approval';
      const call: ToolCallState = { callId: data.callId, tool: data.tool, arguments: data.arguments, status, references: [] };
      return upsertCall(next, settle(run.items), call);
    }
    case 'tool.finished':
      return upsertCall(next, run.items, {
        callId: data.callId,
        tool: data.tool,
        arguments: findCall(run.items, data.callId)?.arguments ?? '',
        status: data.cancelled ? 'cancelled' : data.error ? 'failed' : 'succeeded',
        durationMs: data.durationMs,
        truncated: data.truncated,
        content: data.content,
        references: data.references,
      });
    case 'usage': {
      const before = run.usage;
      const usage: RunUsage = {
        tokens: data.runTokens,
        costMicros: (before?.costMicros ?? 0) + data.costMicros,
        modelCalls: (before?.modelCalls ?? 0) + 1,
        estimated: (before?.estimated ?? false) || data.estimated,
        unpriced: (before?.unpriced ?? false) || !data.priced,
      };
      const session: SessionUsage = {
        tokens: data.sessionTokens,
        costMicros: data.sessionCostMicros,
        estimated: (next.session?.estimated ?? false) || data.estimated,
        unpriced: (next.session?.unpriced ?? false) || !data.priced,
      };
      return { ...replaceRun(next, { ...run, usage }), session };
    }
    case 'context.trimmed':
      return withItems(next, [...run.items, {
        kind: 'notice', key, tone: 'info',
        text: `Older turns were trimmed to fit the model's context: ${data.droppedTurns} dropped, ${data.shortenedToolResults} tool results shortened.`,
      }]);
    case 'error':
      return withItems(next, [...settle(run.items), { kind: 'notice', key, tone: 'error', text: `${data.code}: ${data.message}` }]);
    case 'done': {
      const ended = { ...run, items: settle(run.items), ended: data.reason };
      return { ...replaceRun(next, ended), running: false };
    }
    case 'other':
      return next;
  }
}

function isOpen(item: Item | undefined): item is Extract<Item, { kind: 'answer' }> {
  return item?.kind === 'answer' && item.streaming;
}

/** A tool call or the run's end settles the text streamed before it. */
function settle(items: Item[]): Item[] {
  const open = items.at(-1);
  return isOpen(open) ? [...items.slice(0, -1), { ...open, streaming: false }] : items;
}

function lastRun(transcript: Transcript, key: string): Run {
  return transcript.runs.at(-1) ?? { key, items: [] };
}

function replaceRun(transcript: Transcript, run: Run): Transcript {
  const runs = transcript.runs.length === 0 ? [run] : [...transcript.runs.slice(0, -1), run];
  return { ...transcript, runs };
}

function withItems(transcript: Transcript, items: Item[]): Transcript {
  return replaceRun(transcript, { ...lastRun(transcript, 'r0'), items });
}

function findCall(items: Item[], callId: string): ToolCallState | undefined {
  for (const item of items) {
    if (item.kind === 'tool' && item.call.callId === callId) {
      return item.call;
    }
  }
  return undefined;
}

function upsertCall(transcript: Transcript, items: Item[], call: ToolCallState): Transcript {
  const index = items.findIndex((item) => item.kind === 'tool' && item.call.callId === call.callId);
  if (index < 0) {
    return withItems(transcript, [...items, { kind: 'tool', key: `t${call.callId}`, call }]);
  }
  const copy = [...items];
  const before = copy[index];
  if (before?.kind === 'tool') {
    copy[index] = { ...before, call: { ...before.call, ...call, arguments: call.arguments || before.call.arguments } };
  }
  return withItems(transcript, copy);
}

/** Marks a call decided by this person before the run's events say so. */
export function markDecided(transcript: Transcript, callId: string, approved: boolean): Transcript {
  const runs = transcript.runs.map((run) => ({
    ...run,
    items: run.items.map((item): Item =>
      item.kind === 'tool' && item.call.callId === callId
        ? { ...item, call: { ...item.call, status: approved ? 'running' : 'denied' } }
        : item,
    ),
  }));
  return { ...transcript, runs };
}
