import { describe, expect, it } from 'vitest';
import {
  type Axes,
  type HeatmapBuckets,
  axesOf,
  boxToPixels,
  brushToSelection,
  cellAt,
  durationAt,
  roundDuration,
  yOf,
} from './heatmapScale';
import { colourIndex, durationLabel, durationTicks, timeTicks } from './heatmapStyle';

const T0 = Date.parse('2026-12-07T00:00:00Z');
const HOUR = 3_600_000;

/** 100 × 100 px of plot at (10, 20): 00:00 to 10:00 (10 px an hour), 1 ms to 10 s (25 px a decade). */
const axes: Axes = { left: 10, top: 20, width: 100, height: 100, fromMs: T0, toMs: T0 + 10 * HOUR, minMs: 1, maxMs: 10_000 };

describe('brushToSelection', () => {
  it('selects the time and duration under a dragged rectangle', () => {
    // x 30..60 is 02:00..05:00; y 45 is 1 s and y 70 is 100 ms (25 px a decade).
    expect(brushToSelection({ x0: 30, y0: 45, x1: 60, y1: 70 }, axes)).toEqual({
      from: T0 + 2 * HOUR,
      to: T0 + 5 * HOUR,
      minMs: 100,
      maxMs: 1000,
    });
  });

  it('gives the same region whichever corner the drag starts from', () => {
    const expected = brushToSelection({ x0: 30, y0: 45, x1: 60, y1: 70 }, axes);
    expect(brushToSelection({ x0: 60, y0: 70, x1: 30, y1: 45 }, axes)).toEqual(expected);
    expect(brushToSelection({ x0: 60, y0: 45, x1: 30, y1: 70 }, axes)).toEqual(expected);
    expect(brushToSelection({ x0: 30, y0: 70, x1: 60, y1: 45 }, axes)).toEqual(expected);
  });

  it('reads durations on a log scale: the middle of 1 ms..10 s is 100 ms', () => {
    expect(durationAt(axes, 70)).toBeCloseTo(100, 6);
    expect(yOf(axes, 100)).toBeCloseTo(70, 6);
    const box = brushToSelection({ x0: 10, y0: 57.5, x1: 110, y1: 82.5 }, axes);
    expect(box?.minMs).toBe(31.6);
    expect(box?.maxMs).toBe(316);
  });

  it('clamps a drag that leaves the plot to its edges', () => {
    const box = brushToSelection({ x0: -50, y0: -40, x1: 500, y1: 70 }, axes);
    expect(box).toEqual({ from: T0, to: T0 + 10 * HOUR, minMs: 100, maxMs: 10_000 });
  });

  it('selects from 0 ms when the rectangle reaches the bottom edge, so the fastest row is whole', () => {
    expect(brushToSelection({ x0: 30, y0: 45, x1: 60, y1: 120 }, axes)?.minMs).toBe(0);
    expect(brushToSelection({ x0: 30, y0: 45, x1: 60, y1: 400 }, axes)?.minMs).toBe(0);
  });

  it('treats a click (a drag of under 3 px) as no selection', () => {
    expect(brushToSelection({ x0: 40, y0: 40, x1: 41, y1: 42 }, axes)).toBeUndefined();
    expect(brushToSelection({ x0: 500, y0: 40, x1: 600, y1: 42 }, axes)).toBeUndefined();
  });

  it('keeps a flat drag a range: a horizontal line selects a time span of one duration', () => {
    const box = brushToSelection({ x0: 30, y0: 45, x1: 60, y1: 45 }, axes);
    expect(box).toEqual({ from: T0 + 2 * HOUR, to: T0 + 5 * HOUR, minMs: 1000, maxMs: 1000 });
  });

  it('keeps a thin vertical drag at least a second long', () => {
    const box = brushToSelection({ x0: 30, y0: 45, x1: 30, y1: 70 }, axes);
    expect(box?.from).toBe(T0 + 2 * HOUR);
    expect(box?.to).toBe(T0 + 2 * HOUR + 1000);
  });

  it('rounds times to whole seconds and durations to three significant digits', () => {
    const box = brushToSelection({ x0: 30.123, y0: 44.9, x1: 60.456, y1: 69.7 }, axes);
    expect((box?.from ?? 1) % 1000).toBe(0);
    expect((box?.to ?? 1) % 1000).toBe(0);
    expect(String(box?.maxMs)).toMatch(/^\d{4}$|^\d{1,3}(\.\d+)?$/);
    expect(roundDuration(536.870912)).toBe(537);
    expect(roundDuration(0.012345)).toBe(0.0123);
    expect(roundDuration(0)).toBe(0);
  });
});

describe('axesOf and boxToPixels', () => {
  const ns = (n: number) => n / 1e6;
  const bounds = [0, 1024, 2048, 4096].map(ns); // rows: <1 µs, 1-2 µs, 2-4 µs
  const buckets: HeatmapBuckets = {
    columnStarts: [T0, T0 + HOUR, T0 + 2 * HOUR],
    columnWidthMs: HOUR,
    rowBoundsMs: bounds,
    counts: [
      [0, 3, 0],
      [0, 0, 1],
      [0, 0, 0],
    ],
  };

  it('spans every column and only the rows that hold spans', () => {
    const a = axesOf(buckets, 300, 200);
    expect(a.fromMs).toBe(T0);
    expect(a.toMs).toBe(T0 + 3 * HOUR);
    expect(a.minMs).toBeCloseTo(ns(1024));
    expect(a.maxMs).toBeCloseTo(ns(4096));
  });

  it('draws row 0, which starts at 0 ns, from half its upper bound', () => {
    const withRowZero = { ...buckets, counts: [[5, 0, 0], [0, 0, 1], [0, 0, 0]] };
    expect(axesOf(withRowZero, 300, 200).minMs).toBeCloseTo(ns(512));
  });

  it('finds the cell under a point', () => {
    const a = axesOf(buckets, 300, 200);
    const middle = boxToPixels(a, { from: T0 + 1.5 * HOUR, to: T0 + 1.5 * HOUR, minMs: ns(3000), maxMs: ns(3000) });
    expect(cellAt(buckets, a, middle.x0, middle.y0)).toEqual({ column: 1, row: 2 });
    expect(cellAt(buckets, a, 0, 0)).toBeUndefined();
  });

  it('draws a selection without bounds to the plot edges', () => {
    expect(boxToPixels(axes, { minMs: 100 })).toEqual({ x0: 10, x1: 110, y0: 20, y1: 70 });
    expect(boxToPixels(axes, { from: T0 - HOUR, to: T0 + 20 * HOUR, minMs: 0, maxMs: 1e9 })).toEqual({ x0: 10, x1: 110, y0: 20, y1: 120 });
  });

  it('brushing a drawn selection gives it back', () => {
    const box = { from: T0 + 2 * HOUR, to: T0 + 5 * HOUR, minMs: 100, maxMs: 1000 };
    expect(brushToSelection(boxToPixels(axes, box), axes)).toEqual(box);
  });
});

describe('colours and ticks', () => {
  it('writes durations in the unit that keeps them short', () => {
    expect([0.0005, 0.25, 12, 1500, 90_000, 7_200_000, 172_800_000].map(durationLabel)).toEqual([
      '0.5 µs',
      '250 µs',
      '12 ms',
      '1.5 s',
      '1.5 min',
      '2 h',
      '2 d',
    ]);
  });

  it('colours every non-empty cell, the largest darkest, an empty one not at all', () => {
    expect(colourIndex(0, 100)).toBe(-1);
    expect(colourIndex(1, 100)).toBeGreaterThanOrEqual(55);
    expect(colourIndex(100, 100)).toBe(255);
    expect(colourIndex(1, 1)).toBe(255);
  });

  it('labels powers of ten on the duration axis and whole hours on the time axis', () => {
    expect(durationTicks(axes)).toEqual([1, 10, 100, 1000, 10_000]);
    expect(durationTicks(axes, 3)).toEqual([1, 100, 10_000]);
    expect(timeTicks(axes, 6)).toEqual([0, 3, 6, 9].map((h) => T0 + h * HOUR));
  });
});
