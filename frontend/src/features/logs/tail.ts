/**
 * The live tail's state as pure code: the list of records built from the tail's events (the
 * shared SSE parser, `lib/sseParser.ts`, reads them off the wire), with the watermark to resume
 * from, a gap the tail could not follow and records it skipped.
 */
import type { SseEvent } from '../../lib/sseParser';
import { type LogRow, logKey } from './logs';

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
