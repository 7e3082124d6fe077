import { type PointerEvent, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { drawHeatmap } from './drawHeatmap';
import {
  type HeatmapBox,
  type HeatmapBuckets,
  type Pixels,
  axesOf,
  boxToPixels,
  brushToSelection,
  cellAt,
} from './heatmapScale';
import { durationLabel, timeLabel } from './heatmapStyle';

export type { HeatmapBox, HeatmapBuckets } from './heatmapScale';

export interface HeatmapProps {
  buckets: HeatmapBuckets;
  /** What the chart shows, for screen readers. */
  label: string;
  /** The selected region, drawn as a rectangle; a missing bound reaches the plot's edge. */
  selection?: Partial<HeatmapBox>;
  /** Called with the region a mouse drag selects; without it the chart cannot be brushed. */
  onBrush?: (box: HeatmapBox) => void;
  height?: number;
}

/**
 * Span counts by time (x) and duration (y, log scale) on a canvas, coloured by count. Dragging
 * a rectangle selects a region. After each draw it sets the performance mark `heatmap-drawn`
 * (and the measure `heatmap-draw`), which the UI benchmark reads.
 */
export function Heatmap({ buckets, label, selection, onBrush, height = 280 }: HeatmapProps) {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(wrapper);
  const axes = useMemo(() => axesOf(buckets, width, height), [buckets, width, height]);
  const [drag, setDrag] = useState<Pixels>();
  const [hover, setHover] = useState<string>();

  useLayoutEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (element === null || context === null || context === undefined || width === 0) {
      return;
    }
    performance.mark('heatmap-draw-start');
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(width * ratio);
    element.height = Math.round(height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawHeatmap(context, buckets, axes, width, height);
    performance.mark('heatmap-drawn');
    performance.measure('heatmap-draw', 'heatmap-draw-start', 'heatmap-drawn');
  }, [buckets, axes, width, height]);

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const rectangle = drag ?? (selection === undefined ? undefined : boxToPixels(axes, selection));

  return (
    <div className="chart-heatmap" ref={wrapper} data-testid="heatmap">
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        style={{ width: `${width}px`, height: `${height}px`, cursor: onBrush === undefined ? 'default' : 'crosshair' }}
        onPointerDown={(event) => {
          if (onBrush === undefined || event.button !== 0) {
            return;
          }
          event.currentTarget.setPointerCapture(event.pointerId);
          const { x, y } = point(event);
          setDrag({ x0: x, y0: y, x1: x, y1: y });
        }}
        onPointerMove={(event) => {
          const { x, y } = point(event);
          if (drag !== undefined) {
            setDrag({ ...drag, x1: x, y1: y });
          }
          setHover(describeCell(buckets, axes, x, y));
        }}
        onPointerUp={(event) => {
          if (drag === undefined) {
            return;
          }
          const { x, y } = point(event);
          setDrag(undefined);
          const box = brushToSelection({ ...drag, x1: x, y1: y }, axes);
          if (box !== undefined) {
            onBrush?.(box);
          }
        }}
        onPointerLeave={() => setHover(undefined)}
      />
      {rectangle !== undefined && (
        <div
          className="chart-brush"
          aria-hidden="true"
          style={{
            left: Math.min(rectangle.x0, rectangle.x1),
            top: Math.min(rectangle.y0, rectangle.y1),
            width: Math.abs(rectangle.x1 - rectangle.x0),
            height: Math.abs(rectangle.y1 - rectangle.y0),
          }}
        />
      )}
      <p className="chart-readout">{hover ?? (onBrush === undefined ? '\u00a0' : 'Drag a rectangle to select spans.')}</p>
    </div>
  );
}

function describeCell(buckets: HeatmapBuckets, axes: ReturnType<typeof axesOf>, x: number, y: number): string | undefined {
  const cell = cellAt(buckets, axes, x, y);
  if (cell === undefined) {
    return undefined;
  }
  const start = buckets.columnStarts[cell.column] ?? 0;
  const count = buckets.counts[cell.column]?.[cell.row] ?? 0;
  const lower = buckets.rowBoundsMs[cell.row] ?? 0;
  const upper = buckets.rowBoundsMs[cell.row + 1] ?? lower;
  const withDate = axes.toMs - axes.fromMs > 86_400_000;
  return `${timeLabel(start, withDate)}–${timeLabel(start + buckets.columnWidthMs, withDate)} UTC, ${durationLabel(lower)}–${durationLabel(upper)}: ${count} span${count === 1 ? '' : 's'}`;
}

/** The element's width in CSS pixels, following its resizes. */
function useWidth(element: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const node = element.current;
    if (node === null) {
      return;
    }
    setWidth(Math.floor(node.clientWidth));
    const observer = new ResizeObserver(([entry]) => {
      if (entry !== undefined) {
        setWidth(Math.floor(entry.contentRect.width));
      }
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
