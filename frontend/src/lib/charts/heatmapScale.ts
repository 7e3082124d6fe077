/**
 * The heatmap's geometry, kept out of the component so it can be tested: where a cell lies in
 * pixels, which time and duration a pixel stands for (time linear on x, duration log-scale on
 * y), and the region a brushed rectangle selects.
 */

/** Span counts by time column and duration row, as the query API's heatmap gives them. */
export interface HeatmapBuckets {
  /** Where each column starts, epoch milliseconds, ascending. */
  columnStarts: readonly number[];
  columnWidthMs: number;
  /** Row r holds durations in [rowBoundsMs[r], rowBoundsMs[r + 1]); one more bound than rows. */
  rowBoundsMs: readonly number[];
  /** Spans per cell: counts[column][row]. */
  counts: readonly (readonly number[])[];
}

/** A region of the heatmap: spans starting in [from, to) (epoch ms) lasting minMs to maxMs. */
export interface HeatmapBox {
  from: number;
  to: number;
  minMs: number;
  maxMs: number;
}

/** The plot's place on the canvas (CSS pixels) and the data ranges it shows. */
export interface Axes {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Epoch ms at the left and right edges. */
  fromMs: number;
  toMs: number;
  /** Durations (ms, > 0) at the bottom and top edges; y is logarithmic. */
  minMs: number;
  maxMs: number;
}

export interface Pixels {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const MARGIN = { left: 64, right: 12, top: 8, bottom: 28 } as const;

/** A drag shorter than this on both axes is a click, not a selection. */
export const MIN_DRAG_PX = 3;

/**
 * The axes for a canvas of `width` × `height` CSS pixels: all columns across, and on y the rows
 * from the fastest to the slowest that hold any span (all rows when none does). Row 0 of the
 * query API starts at 0 ns, which a log scale cannot show: it is drawn from half its upper bound.
 */
export function axesOf(buckets: HeatmapBuckets, width: number, height: number): Axes {
  const { columnStarts, columnWidthMs, rowBoundsMs, counts } = buckets;
  const rows = Math.max(0, rowBoundsMs.length - 1);
  let lowest = rows;
  let highest = -1;
  for (const column of counts) {
    column.forEach((count, row) => {
      if (count > 0) {
        lowest = Math.min(lowest, row);
        highest = Math.max(highest, row);
      }
    });
  }
  if (highest < 0) {
    lowest = 0;
    highest = rows - 1;
  }
  const bottom = lowest < rows ? lowerBoundOf(rowBoundsMs, lowest) : 0.001;
  const top = highest >= 0 ? (rowBoundsMs[highest + 1] ?? bottom * 2) : bottom * 1000;
  const first = columnStarts[0] ?? 0;
  const last = columnStarts[columnStarts.length - 1] ?? first;
  return {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom),
    fromMs: first,
    toMs: last + columnWidthMs,
    minMs: bottom,
    maxMs: Math.max(top, bottom * 2),
  };
}

function lowerBoundOf(bounds: readonly number[], row: number): number {
  const lower = bounds[row] ?? 0;
  return lower > 0 ? lower : (bounds[row + 1] ?? 0.001) / 2;
}

export function xOf(axes: Axes, epochMs: number): number {
  return axes.left + ((epochMs - axes.fromMs) / (axes.toMs - axes.fromMs)) * axes.width;
}

/** The y of a duration; durations at or below the axis' minimum (0 included) are at the bottom. */
export function yOf(axes: Axes, ms: number): number {
  if (ms <= axes.minMs) {
    return axes.top + axes.height;
  }
  const share = Math.log(ms / axes.minMs) / Math.log(axes.maxMs / axes.minMs);
  return axes.top + axes.height - share * axes.height;
}

export function timeAt(axes: Axes, x: number): number {
  return axes.fromMs + ((x - axes.left) / axes.width) * (axes.toMs - axes.fromMs);
}

export function durationAt(axes: Axes, y: number): number {
  const share = (axes.top + axes.height - y) / axes.height;
  return axes.minMs * Math.pow(axes.maxMs / axes.minMs, share);
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Three significant digits: 536.87 → 537, 0.012345 → 0.0123. */
export function roundDuration(ms: number): number {
  return ms <= 0 ? 0 : Number(ms.toPrecision(3));
}

/**
 * The region a dragged rectangle selects, whichever corner the drag started from; the
 * rectangle is clamped to the plot. Times are rounded to whole seconds and durations to three
 * significant digits; a rectangle reaching the bottom edge selects from 0 ms, so the fastest
 * row is included whole. A drag under {@link MIN_DRAG_PX} on both axes selects nothing.
 */
export function brushToSelection(pixels: Pixels, axes: Axes): HeatmapBox | undefined {
  const right = axes.left + axes.width;
  const bottom = axes.top + axes.height;
  const x0 = clamp(Math.min(pixels.x0, pixels.x1), axes.left, right);
  const x1 = clamp(Math.max(pixels.x0, pixels.x1), axes.left, right);
  const yTop = clamp(Math.min(pixels.y0, pixels.y1), axes.top, bottom);
  const yBottom = clamp(Math.max(pixels.y0, pixels.y1), axes.top, bottom);
  if (x1 - x0 < MIN_DRAG_PX && yBottom - yTop < MIN_DRAG_PX) {
    return undefined;
  }
  const from = Math.round(timeAt(axes, x0) / 1000) * 1000;
  const to = Math.max(from + 1000, Math.round(timeAt(axes, x1) / 1000) * 1000);
  const minMs = yBottom >= bottom ? 0 : roundDuration(durationAt(axes, yBottom));
  const maxMs = Math.max(minMs, roundDuration(durationAt(axes, yTop)));
  return { from, to, minMs, maxMs };
}

/** The rectangle a region covers on the plot, clamped to it, for drawing the selection. */
export function boxToPixels(axes: Axes, box: Partial<HeatmapBox>): Pixels {
  const right = axes.left + axes.width;
  const bottom = axes.top + axes.height;
  return {
    x0: clamp(box.from === undefined ? axes.left : xOf(axes, box.from), axes.left, right),
    x1: clamp(box.to === undefined ? right : xOf(axes, box.to), axes.left, right),
    y0: clamp(box.maxMs === undefined ? axes.top : yOf(axes, box.maxMs), axes.top, bottom),
    y1: clamp(box.minMs === undefined ? bottom : yOf(axes, box.minMs), axes.top, bottom),
  };
}

/** Which cell a point is in, or undefined outside the plot. */
export function cellAt(buckets: HeatmapBuckets, axes: Axes, x: number, y: number): { column: number; row: number } | undefined {
  if (x < axes.left || x > axes.left + axes.width || y < axes.top || y > axes.top + axes.height) {
    return undefined;
  }
  const column = Math.floor((timeAt(axes, x) - axes.fromMs) / buckets.columnWidthMs);
  const ms = durationAt(axes, y);
  let row = buckets.rowBoundsMs.findIndex((bound, r) => r > 0 && ms < bound) - 1;
  if (row < 0) {
    row = Math.max(0, buckets.rowBoundsMs.length - 2);
  }
  return column >= 0 && column < buckets.columnStarts.length ? { column, row } : undefined;
}
