import { useEffect, useRef } from 'react';
import { formatMs, formatTime } from '../format';
import { heatmapCells, shadeColor } from './heatmapCells';

const WIDTH = 640;
const HEIGHT = 200;

/** Span counts per time bucket and duration band, drawn on a canvas. */
export function HeatmapCanvas({ columns, bounds, counts }: { columns: number[]; bounds: number[]; counts: number[][] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context == null) {
      return;
    }
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const cell of heatmapCells(counts, WIDTH, HEIGHT)) {
      context.fillStyle = shadeColor(cell.shade);
      context.fillRect(cell.x, cell.y, Math.ceil(cell.width), Math.ceil(cell.height));
    }
  }, [counts]);
  const first = columns[0];
  const last = columns.at(-1);
  const total = counts.flat().reduce((sum, count) => sum + count, 0);
  const low = bounds[0];
  const high = bounds.at(-1);
  const summary = `Heatmap of ${total.toLocaleString('en-US')} spans in ${columns.length} time buckets and ${bounds.length} duration bands`;
  return (
    <figure className="chat-heatmap">
      <canvas ref={canvas} width={WIDTH} height={HEIGHT} role="img" aria-label={summary} />
      <figcaption className="quiet">
        {summary}: durations {low === undefined ? '' : formatMs(low)} (bottom) to {high === undefined ? '' : formatMs(high)} and more (top);
        {first !== undefined && ` ${formatTime(new Date(first * 1000).toISOString())}`}
        {last !== undefined && ` to ${formatTime(new Date(last * 1000).toISOString())}`}.
      </figcaption>
    </figure>
  );
}
