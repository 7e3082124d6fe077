import { describe, expect, it } from 'vitest';
import { withValueAsFilter } from './bubbleUp';
import type { BubbleUpDimension, BubbleUpValue, HeatmapAnswer } from './explore';
import type { ExploreQuery } from './exploreState';
import { formatNanos, fromInputUtc, nanosToMs, toInputUtc } from './format';
import { bucketsOf, durationMs, totalOf } from './heatmapData';
import { draftOf, queryOf, selectionDraftOf, selectionOf } from './queryDraft';
import { clampToWindow, filterOf, narrowToSelection, selectionBodyOf } from './spanFilter';

const FROM = Date.parse('2026-12-06T14:00:00Z');
const TO = Date.parse('2026-12-07T14:00:00Z');
const query: ExploreQuery = {
  range: { preset: '24h' },
  service: 'checkout',
  attributes: [{ scope: 'resource', key: 'k8s.pod.name', op: 'exists', value: '' }],
};

describe('the bodies sent to the query API', () => {
  it('writes the filter as docs/query-api.md has it', () => {
    expect(filterOf({ ...query, status: 'error', minMs: 1 }, { from: FROM, to: TO })).toEqual({
      from: '2026-12-06T14:00:00Z',
      to: '2026-12-07T14:00:00Z',
      service: 'checkout',
      status: 'error',
      minDurationMs: 1,
      attributes: [{ scope: 'resource', key: 'k8s.pod.name', op: 'exists' }],
    });
  });

  it('sends the brushed region as BubbleUp’s selection', () => {
    const selection = { from: Date.parse('2026-12-07T08:00:00Z'), to: TO, minMs: 500, maxMs: 2150 };
    expect(selectionBodyOf(selection)).toEqual({
      from: '2026-12-07T08:00:00Z',
      to: '2026-12-07T14:00:00Z',
      minDurationMs: 500,
      maxDurationMs: 2150,
    });
    expect(selectionBodyOf({ minMs: 1000 })).toEqual({ minDurationMs: 1000 });
  });

  it('keeps a region brushed over the last, partial column inside the query’s window', () => {
    expect(clampToWindow({ from: FROM - 60_000, to: TO + 1_800_000, minMs: 500 }, { from: FROM, to: TO })).toEqual({ from: FROM, to: TO, minMs: 500 });
    expect(clampToWindow({ minMs: 500 }, { from: FROM, to: TO })).toEqual({ minMs: 500 });
  });

  it('lists the traces of the selection: the filter narrowed to it', () => {
    const filter = filterOf({ ...query, minMs: 100 }, { from: FROM, to: TO });
    const narrowed = narrowToSelection(filter, { from: Date.parse('2026-12-07T08:00:00Z'), to: TO + 3_600_000, minMs: 0, maxMs: 2150 });
    expect(narrowed).toMatchObject({ from: '2026-12-07T08:00:00Z', to: '2026-12-07T14:00:00Z', minDurationMs: 100, maxDurationMs: 2150 });
    expect(narrowToSelection(filter, { to: FROM })).toBeUndefined();
    expect(narrowToSelection({ ...filter, maxDurationMs: 50 }, { minMs: 60 })).toBeUndefined();
  });
});

describe('the query builder’s fields', () => {
  const window = { from: FROM, to: TO };

  it('gives back the query it was filled from', () => {
    expect(queryOf(draftOf(query, window))).toEqual({ ok: query });
  });

  it('turns edited From and To fields into an absolute range in UTC', () => {
    const draft = { ...draftOf(query, window), preset: undefined, from: '2026-12-07T08:00', to: '2026-12-07T09:30' };
    expect(queryOf(draft)).toMatchObject({ ok: { range: { from: Date.parse('2026-12-07T08:00:00Z'), to: Date.parse('2026-12-07T09:30:00Z') } } });
  });

  it('says what to fix rather than sending a query the API refuses', () => {
    const draft = draftOf(query, window);
    expect(queryOf({ ...draft, preset: undefined, to: '2026-12-06T13:00' })).toHaveProperty('error');
    expect(queryOf({ ...draft, preset: undefined, from: '2026-11-01T00:00' })).toHaveProperty('error');
    expect(queryOf({ ...draft, minMs: '10', maxMs: '5' })).toHaveProperty('error');
    expect(queryOf({ ...draft, minMs: 'fast' })).toHaveProperty('error');
  });

  it('drops attribute rows left without a key', () => {
    const draft = { ...draftOf(query, window), attributes: [{ scope: 'record' as const, key: ' ', op: 'equals' as const, value: 'x' }] };
    expect(queryOf(draft)).toMatchObject({ ok: { attributes: [] } });
  });

  it('reads the selection fields as the keyboard’s brush', () => {
    const draft = { from: '2026-12-07T08:00', to: '2026-12-07T14:00', minMs: '500', maxMs: '' };
    expect(selectionOf(draft)).toEqual({ ok: { from: Date.parse('2026-12-07T08:00:00Z'), to: TO, minMs: 500 } });
    expect(selectionOf(selectionDraftOf({ from: FROM, minMs: 3 }))).toEqual({ ok: { from: FROM, minMs: 3 } });
    expect(selectionOf({ from: '', to: '', minMs: '', maxMs: '' })).toHaveProperty('error');
    expect(selectionOf({ ...draft, to: '2026-12-07T07:00' })).toHaveProperty('error');
    expect(selectionOf({ ...draft, maxMs: '100' })).toHaveProperty('error');
  });
});

describe('a BubbleUp value as a filter', () => {
  const value = (v: string, kind: BubbleUpValue['kind'] = 'VALUE'): BubbleUpValue => ({
    value: v,
    kind,
    selectionCount: 1,
    baselineCount: 1,
    selectionShare: 1,
    baselineShare: 0,
    expectedShare: 0,
    score: 1,
  });
  const dimension = (source: BubbleUpDimension['source'], key: string): BubbleUpDimension => ({ source, key, score: 1, values: [] });

  it('adds a span attribute as a span filter and a resource attribute as a resource filter', () => {
    expect(withValueAsFilter(query, dimension('SPAN_ATTRIBUTE', 'payment.provider'), value('stripe_v3'))?.attributes).toContainEqual({
      scope: 'record',
      key: 'payment.provider',
      op: 'equals',
      value: 'stripe_v3',
    });
    expect(withValueAsFilter(query, dimension('RESOURCE_ATTRIBUTE', 'service.version'), value('2.3.1'))?.attributes).toContainEqual({
      scope: 'resource',
      key: 'service.version',
      op: 'equals',
      value: '2.3.1',
    });
  });

  it('sets the span name and status fields', () => {
    expect(withValueAsFilter(query, dimension('FIELD', 'span_name'), value('PlaceOrder'))?.spanName).toBe('PlaceOrder');
    expect(withValueAsFilter(query, dimension('FIELD', 'status'), value('ERROR'))?.status).toBe('error');
  });

  it('offers nothing for what cannot be a filter, or already is one', () => {
    expect(withValueAsFilter(query, dimension('SPAN_ATTRIBUTE', 'x'), value('(none)', 'MISSING'))).toBeUndefined();
    expect(withValueAsFilter(query, dimension('FIELD', 'duration'), value('[1, 2)', 'RANGE'))).toBeUndefined();
    expect(withValueAsFilter(query, dimension('FIELD', 'kind'), value('SERVER'))).toBeUndefined();
    expect(withValueAsFilter(query, dimension('FIELD', 'service'), value('checkout'))).toBeUndefined();
  });
});

describe('the heatmap answer as chart buckets', () => {
  const answer: HeatmapAnswer = {
    bucketWidth: 'PT30M',
    columns: ['2026-12-07T13:00:00Z', '2026-12-07T13:30:00Z'],
    durationBoundsNanos: [0, 1024, 2048],
    counts: [
      [0, 2],
      [5, 0],
    ],
  };

  it('reads times as epoch ms and bounds as ms', () => {
    expect(bucketsOf(answer)).toEqual({
      columnStarts: [Date.parse('2026-12-07T13:00:00Z'), Date.parse('2026-12-07T13:30:00Z')],
      columnWidthMs: 1_800_000,
      rowBoundsMs: [0, 0.001024, 0.002048],
      counts: answer.counts,
    });
    expect(totalOf(answer)).toBe(7);
  });

  it('reads the bucket widths the API chooses from', () => {
    expect(['PT1S', 'PT30S', 'PT5M', 'PT1H', 'PT12H', 'P1D'].map(durationMs)).toEqual([1000, 30_000, 300_000, 3_600_000, 43_200_000, 86_400_000]);
    expect(() => durationMs('1h')).toThrow();
  });
});

describe('formatting', () => {
  it('keeps nanosecond times exact and shows durations briefly', () => {
    expect(nanosToMs('1796651813307371261')).toBe(1796651813307);
    expect(formatNanos('1252659188')).toBe('1.25 s');
    expect(formatNanos('96617480')).toBe('96.6 ms');
    expect(formatNanos('950000')).toBe('950 µs');
  });

  it('reads and writes datetime-local fields in UTC', () => {
    expect(toInputUtc(Date.parse('2026-12-07T08:05:59Z'))).toBe('2026-12-07T08:05');
    expect(fromInputUtc('2026-12-07T08:05')).toBe(Date.parse('2026-12-07T08:05:00Z'));
    expect(fromInputUtc('2026-12-07T08:05:30')).toBe(Date.parse('2026-12-07T08:05:30Z'));
    expect(fromInputUtc('')).toBeUndefined();
  });
});
