import { describe, expect, it } from 'vitest';
import type { Usage, UsageSeries } from './llm';
import { groupLabel, usageChart, usageValue } from './llmChart';

const usage = (cost: number, input = 100, output = 20): Usage => ({
  calls: 1,
  inputTokens: input,
  outputTokens: output,
  cachedInputTokens: 40,
  cacheWriteTokens: 0,
  reasoningTokens: 5,
  costUsd: cost,
});

const answer: UsageSeries = {
  bucketWidth: 'PT10M',
  buckets: ['2026-12-06T13:50:00Z', '2026-12-06T14:00:00Z', '2026-12-06T14:10:00Z'],
  series: [
    { key: ['gpt-4o-mini'], points: [usage(0.5), null, usage(0.25)] },
    // a series whose last bucket is missing altogether
    { key: [''], points: [usage(1)] },
  ],
  other: { key: [], points: [usage(0.1), usage(0.1), usage(0.1)] },
};

describe('LLM usage as chart columns', () => {
  it('puts the buckets on x in seconds', () => {
    expect(usageChart(answer, 'cost').x).toEqual([1796565000, 1796565600, 1796566200]);
  });

  it('has one series per group and other, with empty buckets as zero', () => {
    const { series } = usageChart(answer, 'cost');
    expect(series).toEqual([
      { label: 'gpt-4o-mini', values: [0.5, 0, 0.25] },
      { label: '(none)', values: [1, 0, 0] },
      { label: 'other', values: [0.1, 0.1, 0.1] },
    ]);
  });

  it('draws the chosen tokens', () => {
    expect(usageChart(answer, 'total').series[0]?.values).toEqual([120, 0, 120]);
    expect(usageChart({ ...answer, other: null }, 'cached').series.map((s) => s.values[0])).toEqual([40, 40]);
  });

  it('reads each measure of a usage', () => {
    const u = usage(0.3, 1000, 200);
    expect((['cost', 'total', 'input', 'output', 'cached', 'reasoning'] as const).map((m) => usageValue(u, m))).toEqual([0.3, 1200, 1000, 200, 40, 5]);
  });

  it('names groups by their values', () => {
    expect([groupLabel([]), groupLabel(['checkout', '']), groupLabel(['a'])]).toEqual(['all calls', 'checkout · (none)', 'a']);
  });
});
