import { useMemo } from 'react';
import { Heatmap } from '../../../lib/charts/Heatmap';
import type { HeatmapBuckets } from '../../../lib/charts/heatmapScale';

interface Props {
  bucketSeconds: number;
  /** Column starts, epoch seconds. */
  columns: number[];
  /** Row bounds in ms, one more than there are rows. */
  bounds: number[];
  counts: number[][];
}

/** The aggregate tool's heatmap, drawn by the explorer's chart (without its brush). */
export function HeatmapResult({ bucketSeconds, columns, bounds, counts }: Props) {
  const buckets = useMemo<HeatmapBuckets>(
    () => ({ columnStarts: columns.map((s) => s * 1000), columnWidthMs: bucketSeconds * 1000, rowBoundsMs: bounds, counts }),
    [bucketSeconds, columns, bounds, counts],
  );
  const total = useMemo(() => counts.flat().reduce((sum, count) => sum + count, 0), [counts]);
  return (
    <Heatmap
      buckets={buckets}
      height={200}
      label={`Heatmap of ${total.toLocaleString('en-US')} spans in ${columns.length} time buckets and ${Math.max(0, bounds.length - 1)} duration bands`}
    />
  );
}
