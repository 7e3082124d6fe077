/**
 * The live tail's wire format and state, as pure code: a Server-Sent Events parser that takes
 * text in chunks cut anywhere, and the tail's list of records built from its events.
 *
 * A minimal reader local to the logs page: `src/lib/sse.ts` (the chat's shared SSE reader) did
 * not exist on main when this was written; when it lands, the parser here can give way to it.
 */
import { type LogRow, logKey } from './logs';

export interface SseEvent {
  /** `message` when the event named none. */
  event: string;
  data: string;
  /** The last event id seen so far in the stream (SSE's "last event ID"), if any. */
  id?: string;
}

/** Parses `text/event-stream` as the HTML standard says, one chunk at a time. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private afterCarriageReturn = false;
  /** The id to resume from: the last `id:` field seen, kept across events. */
  lastEventId: string | undefined;

  constructor(lastEventId?: string) {
    this.lastEventId = lastEventId;
  }

  /** The events that the chunk completes, in order. */
  feed(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.afterCarriageReturn && text.startsWith('\n')) {
      text = text.slice(1); // the \n of a \r\n cut between two chunks
    }
    this.afterCarriageReturn = text.endsWith('\r');
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    const events: SseEvent[] = [];
    for (const line of lines) {
      const event = this.line(line);
      if (event !== undefined) {
        events.push(event);
      }
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return undefined; // a comment, e.g. the heartbeat
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      this.data.push(value);
    } else if (field === 'event') {
      this.type = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.lastEventId = value;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const type = this.type;
    this.data = [];
    this.type = '';
    if (data.length === 0) {
      return undefined;
    }
    return {
      event: type === '' ? 'message' : type,
      data: data.join('\n'),
      ...(this.lastEventId === undefined ? {} : { id: this.lastEventId }),
    };
  }
}

/** Records stored from `from` to `to` that a resumed tail could not follow. */
export interface TailGap {
  from: string;
  to: string;
}

export interface TailState {
  /** Newest first, at most the cap. */
  logs: LogRow[];
  /** Keys of `logs`, so a record sent twice (a resume past the remembered overlap) shows once. */
  seen: ReadonlySet<string>;
  /** Where to resume after a drop: the id of the last event that carried one. */
  watermark?: string;
  gap?: TailGap;
  /** Older records the server skipped because too many arrived in one poll. */
  skipped: number;
}

export const TAIL_CAP = 5000;

export const emptyTail: TailState = { logs: [], seen: new Set(), skipped: 0 };

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function isLog(value: unknown): value is LogRow {
  return typeof value === 'object' && value !== null && 'timeNanos' in value && 'body' in value;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The tail after a batch of events: new records on top, the oldest beyond `cap` dropped. */
export function applyTailEvents(state: TailState, events: readonly SseEvent[], cap = TAIL_CAP): TailState {
  const arrived: LogRow[] = [];
  const seen = new Set(state.seen);
  let { watermark, gap, skipped } = state;
  for (const event of events) {
    watermark = event.id ?? watermark;
    const payload = parse(event.data);
    if (event.event === 'log' && isLog(payload)) {
      const key = logKey(payload);
      if (!seen.has(key)) {
        seen.add(key);
        arrived.push(payload);
      }
    } else if (event.event === 'gap') {
      const from = field(payload, 'from');
      const to = field(payload, 'to');
      gap = { from: typeof from === 'string' ? from : '?', to: typeof to === 'string' ? to : '?' };
    } else if (event.event === 'lagging') {
      const count = Number(field(payload, 'skipped'));
      skipped += Number.isFinite(count) ? count : 0;
    }
  }
  if (arrived.length === 0) {
    return watermark === state.watermark && gap === state.gap && skipped === state.skipped
      ? state
      : { ...state, watermark, gap, skipped };
  }
  const logs = [...arrived.reverse(), ...state.logs];
  if (logs.length <= cap) {
    return { logs, seen, watermark, gap, skipped };
  }
  const kept = logs.slice(0, cap);
  return { logs: kept, seen: new Set(kept.map(logKey)), watermark, gap, skipped };
}
