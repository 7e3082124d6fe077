import type { AttributeFilter, ExploreQuery, Selection } from './exploreState';
import { isoOf } from './exploreState';

/** A span filter as the query API takes it (docs/query-api.md, "Filters"). */
export interface SpanFilterBody {
  from: string;
  to: string;
  service?: string;
  spanName?: string;
  status?: string;
  minDurationMs?: number;
  maxDurationMs?: number;
  attributes?: { scope: string; key: string; op: string; value?: string }[];
}

/** BubbleUp's selection: a region of the heatmap. */
export interface SelectionBody {
  from?: string;
  to?: string;
  minDurationMs?: number;
  maxDurationMs?: number;
}

export interface Window {
  from: number;
  to: number;
}

export function filterOf(query: ExploreQuery, window: Window): SpanFilterBody {
  const body: SpanFilterBody = { from: isoOf(window.from), to: isoOf(window.to) };
  if (query.service !== undefined) body.service = query.service;
  if (query.spanName !== undefined) body.spanName = query.spanName;
  if (query.status !== undefined) body.status = query.status;
  if (query.minMs !== undefined) body.minDurationMs = query.minMs;
  if (query.maxMs !== undefined) body.maxDurationMs = query.maxMs;
  if (query.attributes.length > 0) body.attributes = query.attributes.map(attributeBody);
  return body;
}

function attributeBody(filter: AttributeFilter): { scope: string; key: string; op: string; value?: string } {
  return filter.op === 'exists'
    ? { scope: filter.scope, key: filter.key, op: filter.op }
    : { scope: filter.scope, key: filter.key, op: filter.op, value: filter.value };
}

export function selectionBodyOf(selection: Selection): SelectionBody {
  const body: SelectionBody = {};
  if (selection.from !== undefined) body.from = isoOf(selection.from);
  if (selection.to !== undefined) body.to = isoOf(selection.to);
  if (selection.minMs !== undefined) body.minDurationMs = selection.minMs;
  if (selection.maxMs !== undefined) body.maxDurationMs = selection.maxMs;
  return body;
}

/**
 * The selection inside the query's window: the heatmap's first and last columns reach past
 * it (they are whole buckets), and a brush there means "to the end".
 */
export function clampToWindow(selection: Selection, window: Window): Selection {
  const clamped = { ...selection };
  if (clamped.from !== undefined && clamped.from < window.from) clamped.from = window.from;
  if (clamped.to !== undefined && clamped.to > window.to) clamped.to = window.to;
  return clamped;
}

/**
 * The filter narrowed to the selection, for listing the traces in it: the later start, the
 * earlier end, the higher minimum and the lower maximum. Undefined when they do not overlap.
 */
export function narrowToSelection(filter: SpanFilterBody, selection: Selection): SpanFilterBody | undefined {
  const from = Math.max(Date.parse(filter.from), selection.from ?? -Infinity);
  const to = Math.min(Date.parse(filter.to), selection.to ?? Infinity);
  const min = higher(filter.minDurationMs, selection.minMs);
  const max = lower(filter.maxDurationMs, selection.maxMs);
  if (from >= to || (min !== undefined && max !== undefined && min > max)) {
    return undefined;
  }
  const narrowed: SpanFilterBody = { ...filter, from: isoOf(from), to: isoOf(to) };
  delete narrowed.minDurationMs;
  delete narrowed.maxDurationMs;
  if (min !== undefined && min > 0) narrowed.minDurationMs = min;
  if (max !== undefined) narrowed.maxDurationMs = max;
  return narrowed;
}

function higher(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function lower(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** Whether the query narrows the spans at all beyond the time range. */
export function hasFilters(query: ExploreQuery): boolean {
  return (
    query.service !== undefined ||
    query.spanName !== undefined ||
    query.status !== undefined ||
    query.minMs !== undefined ||
    query.maxMs !== undefined ||
    query.attributes.length > 0
  );
}
