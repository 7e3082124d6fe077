import type { AttributeFilter, ExploreQuery, Preset, Selection, SpanStatus, TimeRange } from './exploreState';
import { STATUSES } from './exploreState';
import { fromInputUtc, toInputUtc } from './format';
import type { Window } from './spanFilter';

/** The query builder's fields as typed, before the "Run query" button reads them. */
export interface QueryDraft {
  /** The preset chosen, or undefined when `from` and `to` are. */
  preset: Preset | undefined;
  /** datetime-local values, UTC. */
  from: string;
  to: string;
  service: string;
  spanName: string;
  status: '' | SpanStatus;
  minMs: string;
  maxMs: string;
  attributes: AttributeFilter[];
}

const MAX_WINDOW_MS = 7 * 86_400_000;

export function draftOf(query: ExploreQuery, window: Window): QueryDraft {
  return {
    preset: 'preset' in query.range ? query.range.preset : undefined,
    from: toInputUtc(window.from),
    to: toInputUtc(window.to),
    service: query.service ?? '',
    spanName: query.spanName ?? '',
    status: query.status ?? '',
    minMs: query.minMs === undefined ? '' : String(query.minMs),
    maxMs: query.maxMs === undefined ? '' : String(query.maxMs),
    attributes: query.attributes,
  };
}

export type Checked<T> = { ok: T } | { error: string };

/** The query the draft asks for, or what to fix in it. */
export function queryOf(draft: QueryDraft): Checked<ExploreQuery> {
  const range = rangeOf(draft);
  if ('error' in range) {
    return range;
  }
  const min = millisOf(draft.minMs, 'The minimum duration');
  const max = millisOf(draft.maxMs, 'The maximum duration');
  if ('error' in min) return min;
  if ('error' in max) return max;
  if (min.ok !== undefined && max.ok !== undefined && min.ok > max.ok) {
    return { error: 'The minimum duration is above the maximum: swap them or clear one.' };
  }
  const query: ExploreQuery = {
    range: range.ok,
    attributes: draft.attributes
      .map((a) => ({ ...a, key: a.key.trim(), value: a.op === 'exists' ? '' : a.value }))
      .filter((a) => a.key !== ''),
  };
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const service = text(draft.service);
  const spanName = text(draft.spanName);
  if (service !== undefined) query.service = service;
  if (spanName !== undefined) query.spanName = spanName;
  const status = STATUSES.find((s) => s === draft.status);
  if (status !== undefined) query.status = status;
  if (min.ok !== undefined) query.minMs = min.ok;
  if (max.ok !== undefined) query.maxMs = max.ok;
  return { ok: query };
}

function rangeOf(draft: QueryDraft): Checked<TimeRange> {
  if (draft.preset !== undefined) {
    return { ok: { preset: draft.preset } };
  }
  const from = fromInputUtc(draft.from);
  const to = fromInputUtc(draft.to);
  if (from === undefined || to === undefined) {
    return { error: 'Give both the start and the end of the time range (UTC), or pick a preset.' };
  }
  if (from >= to) {
    return { error: 'The time range ends before it starts: the end must be after the start.' };
  }
  if (to - from > MAX_WINDOW_MS) {
    return { error: 'The time range is over 7 days, the most a query reads: shorten it.' };
  }
  return { ok: { from, to } };
}

function millisOf(text: string, what: string): Checked<number | undefined> {
  if (text.trim() === '') {
    return { ok: undefined };
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    return { error: `${what} is a number of milliseconds from 0, not “${text}”.` };
  }
  return { ok: value };
}

/** The selection form's fields as typed. */
export interface SelectionDraft {
  from: string;
  to: string;
  minMs: string;
  maxMs: string;
}

export function selectionDraftOf(selection: Selection | undefined): SelectionDraft {
  return {
    from: selection?.from === undefined ? '' : toInputUtc(selection.from),
    to: selection?.to === undefined ? '' : toInputUtc(selection.to),
    minMs: selection?.minMs === undefined ? '' : String(selection.minMs),
    maxMs: selection?.maxMs === undefined ? '' : String(selection.maxMs),
  };
}

/** The region the selection form asks for: at least one bound, each pair in order. */
export function selectionOf(draft: SelectionDraft): Checked<Selection> {
  const from = fromInputUtc(draft.from);
  const to = fromInputUtc(draft.to);
  if ((draft.from.trim() !== '' && from === undefined) || (draft.to.trim() !== '' && to === undefined)) {
    return { error: 'A selection time is a date and time in UTC, such as 2026-12-07T08:00.' };
  }
  if (from !== undefined && to !== undefined && from >= to) {
    return { error: 'The selection ends before it starts: its end must be after its start.' };
  }
  const min = millisOf(draft.minMs, 'The selection’s shortest duration');
  const max = millisOf(draft.maxMs, 'The selection’s longest duration');
  if ('error' in min) return min;
  if ('error' in max) return max;
  if (min.ok !== undefined && max.ok !== undefined && min.ok > max.ok) {
    return { error: 'The selection’s shortest duration is above its longest: swap them.' };
  }
  const selection: Selection = {};
  if (from !== undefined) selection.from = from;
  if (to !== undefined) selection.to = to;
  if (min.ok !== undefined) selection.minMs = min.ok;
  if (max.ok !== undefined) selection.maxMs = max.ok;
  if (Object.keys(selection).length === 0) {
    return { error: 'Give at least one bound of the selection, or drag a rectangle on the heatmap.' };
  }
  return { ok: selection };
}
