import { type Axes, type HeatmapBuckets, xOf, yOf } from './heatmapScale';
import { PALETTE, colourIndex, durationLabel, durationTicks, timeLabel, timeTicks } from './heatmapStyle';

const INK = '#3d424d';
const GRID = '#e3e6eb';

/**
 * Draws the cells and the axes on a canvas context already scaled to CSS pixels. One
 * fillRect a non-empty cell: a few thousand cells take a few milliseconds.
 */
export function drawHeatmap(context: CanvasRenderingContext2D, buckets: HeatmapBuckets, axes: Axes, width: number, height: number) {
  context.clearRect(0, 0, width, height);
  context.fillStyle = '#fff';
  context.fillRect(axes.left, axes.top, axes.width, axes.height);
  drawGrid(context, axes);
  drawCells(context, buckets, axes);
  drawLabels(context, axes);
  context.strokeStyle = '#9aa1ad';
  context.lineWidth = 1;
  context.strokeRect(axes.left + 0.5, axes.top + 0.5, axes.width - 1, axes.height - 1);
}

function drawCells(context: CanvasRenderingContext2D, buckets: HeatmapBuckets, axes: Axes) {
  let max = 0;
  for (const column of buckets.counts) {
    for (const count of column) {
      max = Math.max(max, count);
    }
  }
  const bottom = axes.top + axes.height;
  const rowTop: number[] = [];
  const rowBottom: number[] = [];
  for (let r = 0; r + 1 < buckets.rowBoundsMs.length; r++) {
    const lower = buckets.rowBoundsMs[r] ?? 0;
    const upper = buckets.rowBoundsMs[r + 1] ?? lower;
    rowTop.push(Math.max(axes.top, Math.floor(yOf(axes, upper))));
    rowBottom.push(Math.min(bottom, Math.ceil(yOf(axes, lower))));
  }
  buckets.counts.forEach((column, c) => {
    const start = buckets.columnStarts[c] ?? 0;
    const x0 = Math.floor(xOf(axes, start));
    const x1 = Math.ceil(xOf(axes, start + buckets.columnWidthMs));
    column.forEach((count, r) => {
      const index = colourIndex(count, max);
      const top = rowTop[r] ?? bottom;
      const h = (rowBottom[r] ?? bottom) - top;
      if (index < 0 || h <= 0) {
        return;
      }
      context.fillStyle = PALETTE[index] ?? '#000';
      context.fillRect(x0, top, x1 - x0, h);
    });
  });
}

function drawGrid(context: CanvasRenderingContext2D, axes: Axes) {
  context.strokeStyle = GRID;
  context.lineWidth = 1;
  context.beginPath();
  for (const tick of durationTicks(axes, maxDurationTicks(axes))) {
    const y = Math.round(yOf(axes, tick)) + 0.5;
    context.moveTo(axes.left, y);
    context.lineTo(axes.left + axes.width, y);
  }
  context.stroke();
}

/** Labels at least 16 px apart. */
function maxDurationTicks(axes: Axes): number {
  return Math.max(2, Math.floor(axes.height / 16));
}

function drawLabels(context: CanvasRenderingContext2D, axes: Axes) {
  context.fillStyle = INK;
  context.font = '11px system-ui, sans-serif';
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of durationTicks(axes, maxDurationTicks(axes))) {
    context.fillText(durationLabel(tick), axes.left - 6, yOf(axes, tick));
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  const withDate = axes.toMs - axes.fromMs > 86_400_000;
  const ticks = timeTicks(axes, Math.max(2, Math.floor(axes.width / (withDate ? 110 : 70))));
  for (const tick of ticks) {
    const x = xOf(axes, tick);
    context.fillText(timeLabel(tick, withDate), x, axes.top + axes.height + 6);
  }
}
