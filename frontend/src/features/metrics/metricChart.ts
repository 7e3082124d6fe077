import { bucketSeconds, type ChartSeries } from '../../lib/charts/chartData';

/** POST /metrics/query's answer (docs/query-api.md, "Metrics"). */
export interface MetricSeriesAnswer {
  metric: string;
  type: string;
  unit: string;
  aggregation: string;
  bucketWidth: string;
  buckets: string[];
  series: { key: string[]; measure: string; points: (number | null)[] }[];
  omittedGroups: number;
}

/** A series' legend label: the group's values (`(none)` where a point lacked the attribute), then the measure when several are drawn. */
export function seriesLabel(key: readonly string[], measure: string, showMeasure: boolean): string {
  const group = key.map((part) => (part === '' ? '(none)' : part)).join(' · ');
  if (group === '') {
    return measure.toLowerCase();
  }
  return showMeasure ? `${group} ${measure.toLowerCase()}` : group;
}

/**
 * A metric's series as chart columns: x the bucket starts in seconds, one series per group and
 * measure. A bucket without data stays null (a gap in the line), since an unreported gauge or an
 * unknown rate is not 0; a series shorter than the buckets is padded with nulls.
 */
export function metricChart(answer: MetricSeriesAnswer): { x: number[]; series: ChartSeries[] } {
  const x = bucketSeconds(answer.buckets);
  const measures = new Set(answer.series.map((s) => s.measure));
  return {
    x,
    series: answer.series.map((s) => ({
      label: seriesLabel(s.key, s.measure, measures.size > 1),
      values: x.map((_, i) => {
        const value = s.points[i];
        return value === undefined || value === null || !Number.isFinite(value) ? null : value;
      }),
    })),
  };
}

/** The unit the chart shows: the answer's, dropping OTel's dimensionless `1`. */
export function displayUnit(unit: string): string | undefined {
  return unit === '' || unit === '1' ? undefined : unit;
}
