/**
 * The explorer's whole view in the URL's search parameters, so a link reproduces it:
 *
 * - `range=1h` (a preset, relative to now) or `from=…&to=…` (ISO-8601 instants, UTC)
 * - `service`, `span` (span name), `status` (`unset`, `ok`, `error`), `min`, `max` (duration, ms)
 * - `attr` and `rattr`, repeated: span and resource attribute filters written as the live tail
 *   API takes them: `key=value`, `key!=value`, `key~value` (contains) or `key` (exists)
 * - `sort=duration` (slowest traces first; newest first without it)
 * - `selFrom`, `selTo` (ISO-8601), `selMin`, `selMax` (ms): the heatmap region BubbleUp explains
 */

export const PRESETS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = '1h';

const MINUTE = 60_000;
export const PRESET_MS: Record<Preset, number> = {
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '6h': 360 * MINUTE,
  '24h': 1440 * MINUTE,
  '7d': 7 * 1440 * MINUTE,
};

export const STATUSES = ['unset', 'ok', 'error'] as const;
export type SpanStatus = (typeof STATUSES)[number];

export const OPS = ['equals', 'not_equals', 'contains', 'exists'] as const;
export type AttributeOp = (typeof OPS)[number];
export type AttributeScope = 'record' | 'resource';

export interface AttributeFilter {
  scope: AttributeScope;
  key: string;
  op: AttributeOp;
  /** Empty for `exists`. */
  value: string;
}

export type TimeRange = { preset: Preset } | { from: number; to: number };

/** A region of the heatmap (epoch ms and duration ms); a missing bound is open. */
export interface Selection {
  from?: number;
  to?: number;
  minMs?: number;
  maxMs?: number;
}

/** Which spans the page reads. */
export interface ExploreQuery {
  range: TimeRange;
  service?: string;
  spanName?: string;
  status?: SpanStatus;
  minMs?: number;
  maxMs?: number;
  attributes: AttributeFilter[];
}

export interface ExploreState extends ExploreQuery {
  sort: 'time' | 'duration';
  selection?: Selection;
}

export function parseExploreState(params: URLSearchParams): ExploreState {
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const state: ExploreState = { range: parseRange(params), attributes: [], sort: text('sort') === 'duration' ? 'duration' : 'time' };
  const set = <K extends keyof ExploreState>(key: K, value: ExploreState[K] | undefined) => {
    if (value !== undefined) {
      state[key] = value;
    }
  };
  set('service', text('service'));
  set('spanName', text('span'));
  set('status', STATUSES.find((s) => s === text('status')));
  set('minMs', millis(text('min')));
  set('maxMs', millis(text('max')));
  state.attributes = [
    ...params.getAll('attr').map((a) => parseAttribute(a, 'record')),
    ...params.getAll('rattr').map((a) => parseAttribute(a, 'resource')),
  ].filter((a): a is AttributeFilter => a !== undefined);
  const selection: Selection = {};
  const bound = <K extends keyof Selection>(key: K, value: number | undefined) => {
    if (value !== undefined) {
      selection[key] = value;
    }
  };
  bound('from', instant(text('selFrom')));
  bound('to', instant(text('selTo')));
  bound('minMs', millis(text('selMin')));
  bound('maxMs', millis(text('selMax')));
  set('selection', Object.keys(selection).length > 0 ? selection : undefined);
  return state;
}

export function formatExploreState(state: ExploreState): URLSearchParams {
  const params = new URLSearchParams();
  const put = (name: string, value: string | number | undefined) => {
    if (value !== undefined) {
      params.append(name, typeof value === 'number' ? String(value) : value);
    }
  };
  if ('preset' in state.range) {
    put('range', state.range.preset);
  } else {
    put('from', isoOf(state.range.from));
    put('to', isoOf(state.range.to));
  }
  put('service', state.service);
  put('span', state.spanName);
  put('status', state.status);
  put('min', state.minMs);
  put('max', state.maxMs);
  for (const attribute of state.attributes) {
    put(attribute.scope === 'resource' ? 'rattr' : 'attr', formatAttribute(attribute));
  }
  put('sort', state.sort === 'duration' ? 'duration' : undefined);
  const selection = state.selection ?? {};
  put('selFrom', selection.from === undefined ? undefined : isoOf(selection.from));
  put('selTo', selection.to === undefined ? undefined : isoOf(selection.to));
  put('selMin', selection.minMs);
  put('selMax', selection.maxMs);
  return params;
}

/** The part of the URL that decides which spans are read: a new one reads afresh. */
export function queryKeyOf(query: ExploreQuery): string {
  const { range, service, spanName, status, minMs, maxMs, attributes } = query;
  return formatExploreState({ range, service, spanName, status, minMs, maxMs, attributes, sort: 'time' }).toString();
}

function parseRange(params: URLSearchParams): TimeRange {
  const from = instant(params.get('from') ?? undefined);
  const to = instant(params.get('to') ?? undefined);
  if (from !== undefined && to !== undefined && from < to) {
    return { from, to };
  }
  const preset = PRESETS.find((p) => p === params.get('range'));
  return { preset: preset ?? DEFAULT_PRESET };
}

/** `key=value`, `key!=value`, `key~value` or `key` (exists). */
export function parseAttribute(text: string, scope: AttributeScope): AttributeFilter | undefined {
  const match = /^([^=~!]+?)\s*(!=|=|~)(.*)$/s.exec(text);
  if (match === null) {
    const key = text.trim();
    // A sign with no key before it ("=x") is no condition at all.
    return key === '' || /[=~]/.test(key) ? undefined : { scope, key, op: 'exists', value: '' };
  }
  const [, key = '', sign, value = ''] = match;
  const op: AttributeOp = sign === '!=' ? 'not_equals' : sign === '~' ? 'contains' : 'equals';
  return key.trim() === '' ? undefined : { scope, key: key.trim(), op, value };
}

export function formatAttribute(filter: AttributeFilter): string {
  switch (filter.op) {
    case 'exists':
      return filter.key;
    case 'not_equals':
      return `${filter.key}!=${filter.value}`;
    case 'contains':
      return `${filter.key}~${filter.value}`;
    default:
      return `${filter.key}=${filter.value}`;
  }
}

/** ISO-8601 in UTC, without milliseconds when they are 0. */
export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
}

function instant(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  // A time without a zone is UTC here, as everywhere on this page.
  const value = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
  return Number.isNaN(value) ? undefined : value;
}

function millis(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The window a range reads: a preset ends at `now`, to the second. */
export function windowOf(range: TimeRange, now: number): { from: number; to: number } {
  if ('preset' in range) {
    const to = Math.floor(now / 1000) * 1000;
    return { from: to - PRESET_MS[range.preset], to };
  }
  return { from: range.from, to: range.to };
}
