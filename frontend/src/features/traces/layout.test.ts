import { describe, expect, it } from 'vitest';
import { COLLAPSED, EXPANDED, reveal, toggle, visibleRows } from './collapse';
import { layoutTrace, type LayoutSpan } from './layout';
import { syntheticSpans } from './synthetic';

const T0 = 1_796_582_065_938_345_888n;

/** A span starting `start` ns after T0 and lasting `duration` ns. */
function span(spanId: string, parentSpanId: string, start: number, duration: number, name = spanId): LayoutSpan {
  return { spanId, parentSpanId, name, startTimeNanos: (T0 + BigInt(start)).toString(), durationNanos: String(duration) };
}

const names = (spans: readonly LayoutSpan[], shown?: readonly number[]) => {
  const layout = layoutTrace(spans);
  return (shown ?? layout.rows.map((_, i) => i)).map((i) => layout.rows[i]?.span.spanId);
};

describe('the waterfall layout', () => {
  const trace = [
    span('root', '', 0, 200),
    span('late', 'root', 120, 60),
    span('early', 'root', 10, 100),
    span('grandchild', 'early', 20, 30),
  ];

  it('puts each span under its parent, children in order of start time', () => {
    expect(names(trace)).toEqual(['root', 'early', 'grandchild', 'late']);
  });

  it('indents each span one deeper than its parent', () => {
    const depths = layoutTrace(trace).rows.map((row) => [row.span.spanId, row.depth]);
    expect(depths).toEqual([['root', 0], ['early', 1], ['grandchild', 2], ['late', 1]]);
  });

  it('orders spans that start together by name, then id, as the service does', () => {
    const tied = [span('r', '', 0, 10), span('b2', 'r', 5, 1, 'b'), span('a', 'r', 5, 1, 'z'), span('b1', 'r', 5, 1, 'b')];
    expect(names(tied)).toEqual(['r', 'b1', 'b2', 'a']);
  });

  it('places bars as fractions of the trace, from nanosecond strings too long for a double', () => {
    const rows = layoutTrace(trace).rows;
    const late = rows.find((row) => row.span.spanId === 'late');
    expect(late).toMatchObject({ startNanos: 120, durationNanos: 60, offset: 0.6, width: 0.3 });
    expect(rows[0]).toMatchObject({ offset: 0, width: 1 });
    expect(layoutTrace(trace)).toMatchObject({ startNanos: T0, totalNanos: 200 });
  });

  it('reads start times given as numbers or as strings of any length', () => {
    const spans: LayoutSpan[] = [
      { spanId: 'r', parentSpanId: '', name: 'r', startTimeNanos: 500, durationNanos: '1000' },
      { spanId: 'c', parentSpanId: 'r', name: 'c', startTimeNanos: '750', durationNanos: 250 },
      { spanId: 'x', parentSpanId: 'r', name: 'x', startTimeNanos: '1000000001', durationNanos: 0 },
    ];
    const layout = layoutTrace(spans);
    expect(layout.rows.map((row) => row.startNanos)).toEqual([0, 250, 999_999_501]);
    expect(layout.startNanos).toBe(500n);
  });

  it('knows each subtree’s extent and parent', () => {
    const rows = layoutTrace(trace).rows;
    expect(rows.map((row) => [row.parent, row.subtreeEnd, row.childCount])).toEqual([
      [-1, 4, 2],
      [0, 3, 1],
      [1, 3, 0],
      [0, 4, 0],
    ]);
  });

  it('makes a span whose parent is missing a root, marked orphan, in start order among the roots', () => {
    const spans = [span('root', '', 10, 100), span('lost', 'not-sent', 5, 20), span('kid', 'lost', 6, 2)];
    const rows = layoutTrace(spans).rows;
    expect(rows.map((row) => [row.span.spanId, row.depth, row.orphan])).toEqual([
      ['lost', 0, true],
      ['kid', 1, false],
      ['root', 0, false],
    ]);
  });

  it('shows spans caught in a loop of parents, once each', () => {
    const spans = [span('root', '', 0, 10), span('x', 'y', 1, 1), span('y', 'x', 2, 1)];
    expect(names(spans)).toEqual(['root', 'x', 'y']);
  });

  it('shows a span sent twice once', () => {
    expect(names([span('root', '', 0, 10), span('root', '', 0, 10)])).toEqual(['root']);
  });

  it('marks error spans', () => {
    const rows = layoutTrace([{ ...span('root', '', 0, 10), statusCode: 'ERROR' }, span('ok', 'root', 1, 1)]).rows;
    expect(rows.map((row) => row.error)).toEqual([true, false]);
  });

  it('draws a trace of one instant without dividing by zero', () => {
    expect(layoutTrace([span('root', '', 0, 0)]).rows[0]).toMatchObject({ offset: 0, width: 0 });
    expect(layoutTrace([]).rows).toEqual([]);
  });
});

describe('collapse and expand', () => {
  const trace = [
    span('root', '', 0, 200),
    span('a', 'root', 10, 100),
    span('a1', 'a', 20, 30),
    span('a1x', 'a1', 21, 3),
    span('b', 'root', 120, 60),
  ];
  const layout = layoutTrace(trace);
  const shown = (state = EXPANDED, criticalOnly = false) =>
    visibleRows(layout, state, criticalOnly).map((i) => layout.rows[i]?.span.spanId);

  it('shows every span when nothing is collapsed', () => {
    expect(shown()).toEqual(['root', 'a', 'a1', 'a1x', 'b']);
  });

  it('hides all descendants of a collapsed span, and only those', () => {
    expect(shown(toggle(EXPANDED, 'a'))).toEqual(['root', 'a', 'b']);
  });

  it('shows them again when expanded', () => {
    expect(shown(toggle(toggle(EXPANDED, 'a'), 'a'))).toEqual(['root', 'a', 'a1', 'a1x', 'b']);
  });

  it('collapses all down to the roots, and expands one level at a time from there', () => {
    expect(shown(COLLAPSED)).toEqual(['root']);
    expect(shown(toggle(COLLAPSED, 'root'))).toEqual(['root', 'a', 'b']);
  });

  it('reveals a span hidden in collapsed subtrees by expanding its ancestors', () => {
    const row = layout.rowOf('a1x') ?? -1;
    expect(shown(reveal(layout, COLLAPSED, row))).toEqual(['root', 'a', 'a1', 'a1x', 'b']);
    expect(reveal(layout, EXPANDED, row)).toBe(EXPANDED);
  });
});

describe('large traces', () => {
  it.each([10_000, 100_000])('lays out %i spans into a consistent tree', (n) => {
    const layout = layoutTrace(syntheticSpans(n));
    const broken = layout.rows.filter((row) => {
      const parent = layout.rows[row.parent];
      const nested =
        parent === undefined ||
        (row.depth === parent.depth + 1 && row.index > parent.index && row.subtreeEnd <= parent.subtreeEnd);
      return !nested || row.offset + row.width > 1 + 1e-9;
    });
    expect(layout.rows).toHaveLength(n);
    expect(broken).toEqual([]);
    expect(visibleRows(layout, COLLAPSED, false)).toEqual([0]);
    expect(visibleRows(layout, EXPANDED, false)).toHaveLength(n);
  });

  it('lays out a chain 10,000 spans deep without running out of stack', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i === 0 ? '' : `s${i - 1}`, i, 20_000 - 2 * i));
    const layout = layoutTrace(chain);
    expect(layout.rows.at(-1)?.depth).toBe(9_999);
    expect(layout.rows.every((row) => row.critical)).toBe(true);
  });
});
