/** Pure helpers that shape API answers into uPlot's columns (x in seconds, one array per series). */

export interface ChartSeries {
  label: string;
  /** One value per x; null where there is no data (drawn as a gap). */
  values: readonly (number | null)[];
  /** How it is drawn: a line (the default), a dashed line (a threshold, a baseline) or points alone. */
  style?: 'line' | 'dashed' | 'points';
}

/** ISO-8601 bucket starts → epoch seconds, as uPlot's time scale wants them. */
export function bucketSeconds(buckets: readonly string[]): number[] {
  return buckets.map((bucket) => Date.parse(bucket) / 1000);
}

/**
 * Values stacked on one another, bottom first: series i holds the sum of series 0..i. A
 * missing value counts as 0 in the stack (nothing to add), so no band is torn apart.
 */
export function stackValues(series: readonly (readonly (number | null)[])[], length: number): number[][] {
  const sum = new Array<number>(length).fill(0);
  return series.map((values) =>
    sum.map((below, i) => {
      const total = below + (values[i] ?? 0);
      sum[i] = total;
      return total;
    }),
  );
}

/** uPlot's bands for a stack of `count` series (uPlot indices, 1-based): each fills down to the one below. */
export function stackBands(count: number): { series: [number, number] }[] {
  return Array.from({ length: Math.max(0, count - 1) }, (_, i) => ({ series: [i + 2, i + 1] }));
}

/** Eight colours that stay apart for common colour blindness, and on white. */
export const PALETTE = ['#3b5bdb', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#a08600', '#495057'] as const;

export function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#495057';
}
