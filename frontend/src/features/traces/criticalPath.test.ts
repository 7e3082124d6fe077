import { describe, expect, it } from 'vitest';
import { visibleRows, EXPANDED } from './collapse';
import { flattenTrace } from './flatten';
import { layoutTrace, type LayoutSpan } from './layout';
import { generateSyntheticTrace } from './synthetic';
import productPage from './fixtures/trace-99d8e5fdc2bc0c2a6788e4cb26cc8af3.json';
import checkout from './fixtures/trace-0db02777ede386e80167f472f986728f.json';

const span = (spanId: string, parentSpanId: string, start: number, end: number): LayoutSpan => ({
  spanId,
  parentSpanId,
  name: spanId,
  startTimeNanos: String(1_000_000_000_000 + start),
  durationNanos: String(end - start),
});

const critical = (spans: LayoutSpan[]) =>
  layoutTrace(spans)
    .rows.filter((row) => row.critical)
    .map((row) => row.span.spanId);

describe('the critical path', () => {
  // root 0..100; a 0..60 and b 10..90 overlap; c 70..80 runs inside b, d 20..30 inside a.
  const trace = [
    span('root', '', 0, 100),
    span('a', 'root', 0, 60),
    span('b', 'root', 10, 90),
    span('c', 'b', 70, 80),
    span('d', 'a', 20, 30),
  ];

  it('follows the child that finished last, then the one before its start', () => {
    expect(critical(trace)).toEqual(['root', 'a', 'b', 'c']);
  });

  it('leaves off a span that ran only while a later one was already on the path', () => {
    // d (20..30) ends after b started (10), so a is on the path only up to 10: d is not.
    expect(critical(trace)).not.toContain('d');
  });

  it('marks the stretches of each bar on the path, as fractions of the bar', () => {
    const rows = layoutTrace(trace).rows;
    const segments = Object.fromEntries(rows.map((row) => [row.span.spanId, row.criticalSegments]));
    expect(segments.root).toEqual([[0.9, 1]]);
    expect(segments.b).toEqual([[0, 0.75], [0.875, 1]]);
    expect(segments.c).toEqual([[0, 1]]);
    expect(segments.a?.[0]?.[0]).toBe(0);
    expect(segments.a?.[0]?.[1]).toBeCloseTo(10 / 60);
    expect(segments.d).toEqual([]);
  });

  it('starts from the root that ends last', () => {
    expect(critical([span('early', '', 0, 50), span('late', '', 10, 70), span('kid', 'early', 1, 2)])).toEqual(['late']);
  });

  it('takes the service’s marks when given, and draws a whole bar for a span it marks alone', () => {
    const layout = layoutTrace(trace, { critical: new Set(['root', 'd']) });
    const d = layout.rows.find((row) => row.span.spanId === 'd');
    expect(layout.rows.filter((row) => row.critical).map((row) => row.span.spanId)).toEqual(['root', 'd']);
    expect(d?.criticalSegments).toEqual([[0, 1]]);
  });

  it('shows only the path when asked, in tree order', () => {
    const layout = layoutTrace(trace);
    const shown = visibleRows(layout, EXPANDED, true).map((i) => layout.rows[i]?.span.spanId);
    expect(shown).toEqual(['root', 'a', 'b', 'c']);
  });

  it.each([
    ['a product page with a parallel branch off the path', productPage],
    ['a checkout whose every span is on the path', checkout],
  ])('agrees with the service on a real trace: %s', (_, fixture) => {
    const marked = fixture.spans.filter((s) => s.critical).map((s) => s.spanId);
    expect(critical(fixture.spans)).toEqual(marked);
    expect(layoutTrace(fixture.spans).rows.map((row) => row.span.spanId)).toEqual(fixture.spans.map((s) => s.spanId));
  });

  it('keeps the marks of a synthetic trace through the service’s shape and back', () => {
    const detail = generateSyntheticTrace(2_000);
    const flat = flattenTrace(detail);
    const fromMarks = layoutTrace(flat.spans, { critical: flat.critical }).rows.map((row) => row.critical);
    const computed = layoutTrace(flat.spans).rows.map((row) => row.critical);
    expect(flat.spans).toHaveLength(2_000);
    expect(fromMarks).toEqual(computed);
    expect(flat.critical.size).toBeGreaterThan(1);
  });
});
