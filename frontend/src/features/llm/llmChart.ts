import { bucketSeconds, type ChartSeries } from '../../lib/charts/chartData';
import type { TokenMeasure } from './llmQuery';
import type { Usage, UsageSeries } from './llm';

export type UsageMeasure = 'cost' | TokenMeasure;

/** One number of a usage: its cost in USD, or a kind of tokens. */
export function usageValue(usage: Usage, measure: UsageMeasure): number {
  switch (measure) {
    case 'cost':
      return usage.costUsd;
    case 'total':
      return usage.inputTokens + usage.outputTokens;
    case 'input':
      return usage.inputTokens;
    case 'output':
      return usage.outputTokens;
    case 'cached':
      return usage.cachedInputTokens;
    case 'reasoning':
      return usage.reasoningTokens;
  }
}

/** A group's name for legends and tables: its values joined, `(none)` where calls lacked it. */
export function groupLabel(key: readonly string[]): string {
  return key.length === 0 ? 'all calls' : key.map((part) => (part === '' ? '(none)' : part)).join(' · ');
}

/**
 * A usage time series as chart columns: x the bucket starts in seconds, one series per group
 * (and "other"). A bucket without calls, null or missing at the end, is 0: no calls cost nothing.
 */
export function usageChart(answer: UsageSeries, measure: UsageMeasure): { x: number[]; series: ChartSeries[] } {
  const x = bucketSeconds(answer.buckets);
  const groups = [...answer.series.map((s) => ({ label: groupLabel(s.key), points: s.points }))];
  if (answer.other !== null && answer.other !== undefined) {
    groups.push({ label: 'other', points: answer.other.points });
  }
  return {
    x,
    series: groups.map(({ label, points }) => ({
      label,
      values: x.map((_, i) => {
        const point = points[i];
        return point === null || point === undefined ? 0 : usageValue(point, measure);
      }),
    })),
  };
}
