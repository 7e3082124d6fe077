import type { HeatmapBuckets } from '../../lib/charts/heatmapScale';
import type { HeatmapAnswer } from './explore';

const UNITS_MS: Record<string, number> = { D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 };

/** An ISO-8601 duration of days, hours, minutes and seconds (PT30M, P1D) in milliseconds. */
export function durationMs(iso: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (match === null) {
    throw new Error(`not an ISO-8601 duration of days to seconds: ${iso}`);
  }
  const [, d, h, m, s] = match;
  return [
    [d, 'D'],
    [h, 'H'],
    [m, 'M'],
    [s, 'S'],
  ].reduce((total, [value, unit]) => total + (value === undefined ? 0 : Number(value) * (UNITS_MS[unit ?? 'S'] ?? 0)), 0);
}

/** The query API's heatmap as the chart's buckets: epoch ms columns, row bounds in ms. */
export function bucketsOf(answer: HeatmapAnswer): HeatmapBuckets {
  return {
    columnStarts: answer.columns.map((column) => Date.parse(column)),
    columnWidthMs: durationMs(answer.bucketWidth),
    rowBoundsMs: answer.durationBoundsNanos.map((nanos) => Number(nanos) / 1e6),
    counts: answer.counts,
  };
}

export function totalOf(answer: HeatmapAnswer): number {
  let total = 0;
  for (const column of answer.counts) {
    for (const count of column) {
      total += count;
    }
  }
  return total;
}
