/**
 * The agent's events (docs/agent.md, "Events"): their JSON data, snake_case on the wire, read
 * into typed values. A field missing or of another type reads as its empty value, so an event
 * from a newer service never breaks the page.
 */
import type { SseEvent } from '../../lib/sse';

/** Something a tool result names for a UI to link: a trace, a span, a log. */
export interface Reference {
  kind: string;
  id: string;
  label: string;
}

export type EventData =
  | { type: 'message.delta'; text: string }
  | { type: 'message.reset'; reason: string }
  | { type: 'message.completed'; text: string }
  | { type: 'tool.started' | 'approval.required'; callId: string; tool: string; arguments: string }
  | {
      type: 'tool.finished';
      callId: string;
      tool: string;
      error: boolean;
      cancelled: boolean;
      truncated: boolean;
      durationMs: number;
      content: string | undefined;
      references: Reference[];
    }
  | {
      type: 'usage';
      model: string;
      runTokens: number;
      sessionTokens: number;
      costMicros: number;
      sessionCostMicros: number;
      estimated: boolean;
      priced: boolean;
    }
  | { type: 'context.trimmed'; droppedTurns: number; shortenedToolResults: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'done'; reason: string }
  | { type: 'other' };

type Fields = Record<string, unknown>;

export function parseEventData(event: SseEvent): EventData {
  let fields: Fields = {};
  try {
    const parsed: unknown = JSON.parse(event.data);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      fields = parsed as Fields;
    }
  } catch {
    return { type: 'other' };
  }
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
  const number = (key: string) => (typeof fields[key] === 'number' ? (fields[key] as number) : 0);
  const flag = (key: string) => fields[key] === true;
  switch (event.event) {
    case 'message.delta':
    case 'message.completed':
      return { type: event.event, text: text('text') };
    case 'message.reset':
      return { type: event.event, reason: text('reason') };
    case 'tool.started':
    case 'approval.required':
      return { type: event.event, callId: text('call_id'), tool: text('tool'), arguments: argumentsOf(fields.arguments) };
    case 'tool.finished':
      return {
        type: event.event,
        callId: text('call_id'),
        tool: text('tool'),
        error: flag('error'),
        cancelled: flag('cancelled'),
        truncated: flag('truncated'),
        durationMs: number('duration_ms'),
        content: typeof fields.content === 'string' ? fields.content : undefined,
        references: referencesOf(fields.references),
      };
    case 'usage':
      return {
        type: event.event,
        model: text('model'),
        runTokens: number('run_tokens'),
        sessionTokens: number('session_tokens'),
        costMicros: number('cost_micros'),
        sessionCostMicros: number('session_cost_micros'),
        estimated: flag('estimated'),
        priced: fields.priced !== false,
      };
    case 'context.trimmed':
      return { type: event.event, droppedTurns: number('dropped_turns'), shortenedToolResults: number('shortened_tool_results') };
    case 'error':
      return { type: event.event, code: text('code'), message: text('message') };
    case 'done':
      return { type: event.event, reason: text('reason') };
    default:
      return { type: 'other' };
  }
}

/** The service sends arguments as JSON text; an object is accepted too. */
function argumentsOf(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  return value === undefined ? '' : JSON.stringify(value);
}

function referencesOf(value: unknown): Reference[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) {
      return [];
    }
    const fields = entry as Fields;
    const id = fields.id;
    if (typeof id !== 'string') {
      return [];
    }
    return [{ kind: typeof fields.kind === 'string' ? fields.kind : '', id, label: typeof fields.label === 'string' ? fields.label : '' }];
  });
}
